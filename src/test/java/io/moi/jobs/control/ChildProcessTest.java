package io.moi.jobs.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChildProcessTest {

  private static ChildProcess.Outcome sh(String command, ProcessLimits limits) throws Exception {
    return ChildProcess.run(List.of("/bin/sh", "-c", command), command, limits);
  }

  @Test
  void timeLimitKillsTheCommandAndItsChildren() throws Exception {
    String command = "sleep 30 & echo $!; sleep 30";
    long started = System.nanoTime();
    var limits = new ProcessLimits(Duration.ofSeconds(1), 1024);
    var killed = catchThrowableOfType(() -> sh(command, limits), CommandFailedException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
    assertThat(killed).hasMessageStartingWith(
        "Killed after the time limit of 1s (moi.job.timeout): " + command + "\nstdout: ");
    String stdoutLine = killed.getMessage().lines().skip(1).findFirst().orElseThrow();
    long child = Long.parseLong(stdoutLine.substring("stdout: ".length()));
    assertThat(ProcessHandle.of(child).filter(ProcessHandle::isAlive)).isEmpty();
  }

  @Test
  void outputOverTheCapKeepsTheStartAndSaysHowMuchWasDropped() throws Exception {
    var outcome = sh("printf 'start'; head -c 5000 /dev/zero | tr '\\0' a; echo short >&2",
        new ProcessLimits(Duration.ofMinutes(1), 1000));
    assertThat(outcome.stdout()).startsWith("startaaa").contains("a".repeat(995))
        .endsWith("\n[4005 more bytes dropped: output is capped at 1000 bytes (moi.job.max-output)]\n");
    assertThat(outcome.stdout().indexOf('\n')).isEqualTo(1000);
    assertThat(outcome.stderr()).isEqualTo("short\n");
    assertThat(outcome.exitCode()).isZero();
  }

  @Test
  void noisyCommandIsCutBackWhileItRuns() throws Exception {
    // 8 MiB in steps, far past the cap plus its slack of 1 MiB: the file is cut back while
    // the command runs, and the command still ends normally.
    var outcome = sh(
        "for i in 1 2 3 4 5 6 7 8; do head -c 1048576 /dev/zero; sleep 0.15; done; echo done >&2",
        new ProcessLimits(Duration.ofMinutes(1), 100));
    assertThat(outcome.exitCode()).isZero();
    assertThat(outcome.stdout()).startsWith("\0".repeat(100) + "\n[at least ")
        .endsWith(" more bytes dropped: output is capped at 100 bytes (moi.job.max-output)]\n");
    assertThat(outcome.stderr()).isEqualTo("done\n");
  }
}
