package io.moi.jobs.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.moi.Eventually;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ChildProcessTest {

  private static ChildProcess.Outcome sh(String command, ProcessLimits limits) throws Exception {
    var processes = new JobProcesses(limits);
    try (var folder = processes.folder()) {
      return processes.run("test-job", List.of("/bin/sh", "-c", command), command, folder);
    }
  }

  @Test
  void timeLimitKillsTheCommandAndItsChildren() throws Exception {
    String command = "sleep 30 & echo $!; sleep 30";
    long started = System.nanoTime();
    var limits = new ProcessLimits(Duration.ofSeconds(1), 1024);
    var killed = Failures.thrownBy(() -> sh(command, limits));
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
    assertThat(killed.last())
        .isEqualTo("Killed after the time limit of 1s (moi.job.timeout): " + command + "\n");
    long child = Long.parseLong(killed.lines().get(0).strip().substring("stdout: ".length()));
    assertThat(ProcessHandle.of(child).filter(ProcessHandle::isAlive)).isEmpty();
  }

  @Test
  void outputOverTheCapKeepsTheStartAndSaysHowMuchWasDropped() throws Exception {
    var outcome =
        sh(
            "printf 'start'; head -c 5000 /dev/zero | tr '\\0' a; echo short >&2",
            new ProcessLimits(Duration.ofMinutes(1), 1000));
    assertThat(outcome.stdout())
        .startsWith("startaaa")
        .contains("a".repeat(995))
        .endsWith(
            "\n[4005 more bytes dropped: output is capped at 1000 bytes (moi.job.max-output)]\n");
    assertThat(outcome.stdout().indexOf('\n')).isEqualTo(1000);
    assertThat(outcome.stderr()).isEqualTo("short\n");
    assertThat(outcome.exitCode()).isZero();
  }

  @Test
  void noisyCommandIsCutBackWhileItRuns() throws Exception {
    // 8 MiB in steps, far past the cap plus its slack of 1 MiB: the file is cut back while
    // the command runs, and the command still ends normally.
    var outcome =
        sh(
            "for i in 1 2 3 4 5 6 7 8; do head -c 1048576 /dev/zero; sleep 0.15; done; echo done >&2",
            new ProcessLimits(Duration.ofMinutes(1), 100));
    assertThat(outcome.exitCode()).isZero();
    assertThat(outcome.stdout())
        .startsWith("\0".repeat(100) + "\n[at least ")
        .endsWith(" more bytes dropped: output is capped at 100 bytes (moi.job.max-output)]\n");
    assertThat(outcome.stderr()).isEqualTo("done\n");
  }

  @Test
  void aStderrFloodIsCutBackWhileItRuns() throws Exception {
    var outcome =
        sh(
            "for i in 1 2 3 4 5 6 7 8; do head -c 1048576 /dev/zero >&2; sleep 0.15; done; echo done",
            new ProcessLimits(Duration.ofMinutes(1), 100));
    assertThat(outcome.exitCode()).isZero();
    assertThat(outcome.stderr())
        .startsWith("\0".repeat(100) + "\n[at least ")
        .endsWith(" more bytes dropped: output is capped at 100 bytes (moi.job.max-output)]\n");
    assertThat(outcome.stdout()).isEqualTo("done\n");
  }

  @Test
  void aCommandThatIgnoresSigtermIsKilledAfterTheGracePeriod() throws Exception {
    // the shell and the sleeps it starts all ignore SIGTERM: only SIGKILL ends them
    String command = "trap '' TERM; echo $$; while :; do sleep 0.2; done";
    var killed =
        Failures.thrownBy(() -> sh(command, new ProcessLimits(Duration.ofSeconds(1), 1024)));
    assertThat(killed.last())
        .isEqualTo("Killed after the time limit of 1s (moi.job.timeout): " + command + "\n");
    long shell = Long.parseLong(killed.lines().get(0).strip().substring("stdout: ".length()));
    assertThat(ProcessHandle.of(shell).filter(ProcessHandle::isAlive)).as("the shell").isEmpty();
  }

  @Test
  void stoppingTheServersJobsForcesAGroupThatIgnoresSigterm() throws Exception {
    String id = "stubborn-" + UUID.randomUUID();
    var processes = new JobProcesses(new ProcessLimits(Duration.ofMinutes(10), 4096));
    String command = "trap '' TERM; while :; do sleep 0.2; done";
    var failure = failureOf(() -> SystemCommand.run(command, processes, id));
    try {
      eventually(() -> !processesOf(id).isEmpty(), "the job runs");

      var stopped = processes.stopAll();

      assertThat(stopped.get(id))
          .isEqualTo(
              "The server stopped before the job finished; its processes were stopped (SIGTERM, then SIGKILL)");
      assertThat(processesOf(id)).isEmpty();
      assertThat(lastLine(failure.get(60, TimeUnit.SECONDS))).startsWith("The server stopped");
    } finally {
      processesOf(id)
          .forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }
  }

  @Test
  void aJobKilledBySigkillFailsNamingTheSignal() throws Exception {
    String command = "echo started; sleep 300";
    Throwable failure = killedFromOutside(command, ProcessHandle::destroyForcibly);
    assertThat(failure)
        .isInstanceOf(CommandFailedException.class)
        .hasMessageStartingWith("stdout: started\n");
    assertThat(lastLine(failure)).isEqualTo("Killed by signal 9 (SIGKILL): " + command);
  }

  @Test
  void aJobKilledBySigtermFailsNamingTheSignal() throws Exception {
    String command = "sleep 300";
    Throwable failure = killedFromOutside(command, ProcessHandle::destroy);
    assertThat(failure).isInstanceOf(CommandFailedException.class);
    assertThat(lastLine(failure)).isEqualTo("Killed by signal 15 (SIGTERM): " + command);
  }

  @Test
  void aPlainExitStatusStillFailsAsAFailedCommand() {
    var failure = Failures.thrownBy(() -> SystemCommand.run("exit 12"));
    assertThat(failure.lines().get(0)).isEqualTo("exit code 12\n");
    assertThat(failure.last()).startsWith("Failed to execute: exit 12\n");
  }

  @Test
  void onlyExitStatusesThatStandForASignalAreReadAsADeathBySignal() {
    // 128 + 64 is the highest signal; 128 itself and 128 + 65 are ordinary exit statuses.
    var highest =
        catchThrowableOfType(() -> SystemCommand.run("exit 192"), CommandFailedException.class);
    assertThat(lastLine(highest)).isEqualTo("Killed by signal 64 (SIGRTMIN+30): exit 192");
    for (String command : List.of("exit 128", "exit 193")) {
      var failure = Failures.thrownBy(() -> SystemCommand.run(command));
      assertThat(failure.last()).startsWith("Failed to execute: " + command + "\n");
    }
  }

  @Test
  void aProgramThatIsNotExecutableIsToldApartFromAFailingCommand() throws Exception {
    Path script = Files.createTempFile("moi-not-executable-", ".sh");
    try {
      Files.writeString(script, "#!/bin/sh\necho ran\n");
      var processes = new JobProcesses(new ProcessLimits(Duration.ofMinutes(1), 4096));
      try (var folder = processes.folder()) {
        var refused =
            catchThrowableOfType(
                () ->
                    processes.run(
                        "plain-file", List.of(script.toString()), script.toString(), folder),
                ChildProcess.NotStarted.class);
        assertThat(refused).hasMessage("cannot run '" + script + "': not executable");
      }
    } finally {
      Files.delete(script);
    }
  }

  @Test
  void stoppingTheServersJobsStopsEachProcessGroupWithItsGrandchildren() throws Exception {
    String id = "group-" + UUID.randomUUID();
    var processes = new JobProcesses(new ProcessLimits(Duration.ofMinutes(10), 4096));
    // One sleep is left by a subshell that has ended: it is no descendant of the job any more,
    // only a member of its process group.
    String command = "(sleep 300 &); sleep 300 & sleep 300";
    var failure = failureOf(() -> SystemCommand.run(command, processes, id));
    try {
      eventually(
          () -> processesOf(id).stream().filter(pid -> command(pid).equals("sleep")).count() == 3,
          "the job's three sleeps run");

      var stopped = processes.stopAll();

      assertThat(stopped).containsOnlyKeys(id);
      assertThat(stopped.get(id))
          .isEqualTo(
              "The server stopped before the job finished; its processes were stopped (SIGTERM)");
      assertThat(processesOf(id)).isEmpty();
      assertThat(lastLine(failure.get(60, TimeUnit.SECONDS))).startsWith("The server stopped");
    } finally {
      processesOf(id)
          .forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }
    var refused = Failures.thrownBy(() -> SystemCommand.run("true", processes, "late"));
    assertThat(refused.lines())
        .containsExactly("The server stopped before the job started its process\n");
  }

  @Test
  void aJobsProcessLeadsASessionOfItsOwn() throws Exception {
    var result = SystemCommand.run("ps -o pid=,sid=,pgid= -p $$");
    String[] ids = ((String) result.get(0)).trim().split("\\s+");
    assertThat(ids[1]).isEqualTo(ids[0]);
    assertThat(ids[2]).isEqualTo(ids[0]);
  }

  private static Throwable killedFromOutside(
      String command, java.util.function.Consumer<ProcessHandle> kill) throws Exception {
    String id = "signal-" + UUID.randomUUID();
    var processes = new JobProcesses(new ProcessLimits(Duration.ofMinutes(10), 4096));
    var failure = failureOf(() -> SystemCommand.run(command, processes, id));
    try {
      eventually(
          () -> processesOf(id).stream().anyMatch(pid -> command(pid).equals("sleep")),
          "the job sleeps");
      processesOf(id).forEach(pid -> ProcessHandle.of(pid).ifPresent(kill));
      return failure.get(60, TimeUnit.SECONDS);
    } finally {
      processesOf(id)
          .forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }
  }

  static CompletableFuture<Throwable> failureOf(Callable<?> job) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            job.call();
            return null;
          } catch (Throwable e) {
            return e;
          }
        });
  }

  static String lastLine(Throwable failure) {
    assertThat(failure).isNotNull();
    var lines = failure.getMessage().lines().toList();
    return lines.get(lines.size() - 1);
  }

  /** The unit tests' wait for a condition, up to a minute: the one {@link Eventually#until}. */
  static void eventually(BooleanSupplier condition, String what) throws InterruptedException {
    try {
      Eventually.until(Duration.ofSeconds(60), what, condition::getAsBoolean);
    } catch (InterruptedException | RuntimeException e) {
      throw e;
    } catch (Exception impossible) {
      throw new IllegalStateException("a BooleanSupplier throws no checked exception", impossible);
    }
  }

  /** The live (not zombie) processes whose environment has MOI_JOB_ID={@code jobId}. */
  static List<Long> processesOf(String jobId) {
    byte[] entry = ("MOI_JOB_ID=" + jobId).getBytes(StandardCharsets.UTF_8);
    var found = new ArrayList<Long>();
    try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
      for (Path dir : entries.toList()) {
        String name = dir.getFileName().toString();
        if (!name.chars().allMatch(Character::isDigit)) {
          continue;
        }
        try {
          String stat = Files.readString(dir.resolve("stat"));
          char state = stat.charAt(stat.lastIndexOf(')') + 2);
          if (state != 'Z'
              && state != 'X'
              && contains(Files.readAllBytes(dir.resolve("environ")), entry)) {
            found.add(Long.parseLong(name));
          }
        } catch (IOException | RuntimeException gone) {
          // the process ended meanwhile, or is not ours to read
        }
      }
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return found;
  }

  static String command(long pid) {
    try {
      return Files.readString(Path.of("/proc", String.valueOf(pid), "comm")).strip();
    } catch (IOException e) {
      return "";
    }
  }

  private static boolean contains(byte[] environ, byte[] entry) {
    int start = 0;
    for (int i = 0; i <= environ.length; i++) {
      if (i == environ.length || environ[i] == 0) {
        if (i - start == entry.length
            && java.util.Arrays.equals(environ, start, i, entry, 0, entry.length)) {
          return true;
        }
        start = i + 1;
      }
    }
    return false;
  }
}
