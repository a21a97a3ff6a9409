package io.moi.jobs.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SystemCommandTest {

  @Test
  void returnsStdoutStderrAndExitCode() throws Exception {
    assertThat(SystemCommand.run("echo 'hello from moi'; echo warn >&2"))
        .isEqualTo(List.of("hello from moi\n", "warn\n", 0));
  }

  @Test
  void failedCommandKeepsStdoutAndStderr() {
    var failure =
        Failures.thrownBy(() -> SystemCommand.run("echo partial; echo broken >&2; exit 4"));

    assertThat(failure.lines())
        .containsExactly(
            "exit code 4\n",
            "Failed to execute: echo partial; echo broken >&2; exit 4\nstdout: partial\n\nstderr: broken\n\n");
  }

  @Test
  void largeOutputOnBothStreamsDoesNotBlock() throws Exception {
    var result =
        SystemCommand.run(
            "head -c 2000000 /dev/zero | tr '\\0' a; head -c 2000000 /dev/zero | tr '\\0' b >&2",
            new JobProcesses(new ProcessLimits(Duration.ofMinutes(1), 2_000_000)),
            null);
    assertThat((String) result.get(0)).hasSize(2_000_000);
    assertThat((String) result.get(1)).hasSize(2_000_000);
  }

  @Test
  void commandReadsNothingFromStandardInput() throws Exception {
    assertThat(SystemCommand.run("cat; echo done")).isEqualTo(List.of("done\n", "", 0));
  }
}
