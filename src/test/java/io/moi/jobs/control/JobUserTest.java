package io.moi.jobs.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobUserTest {

  private static final ProcessLimits LIMITS = new ProcessLimits(Duration.ofMinutes(1), 65536);

  @Test
  void jobsRunAsTheRunAsUserAndCannotReadTheServersFiles() throws Exception {
    assumeTrue(canSwitchTo("nobody"), "the server is not root and no sudo rule lets it run as nobody");
    Path accounts = Files.createTempFile("moi-users-", ".properties");
    try {
      Files.writeString(accounts, "admin=secret-hash\n");
      Files.setPosixFilePermissions(accounts, PosixFilePermissions.fromString("rw-------"));
      var processes = new JobProcesses(LIMITS, JobUser.named("nobody"), JobEnvironment.ofServer());

      var result = SystemCommand.run("id -un; pwd; echo \"$TMPDIR\"; echo made > \"$TMPDIR/file\" && cat file;"
          + " cat " + accounts + " || echo unreadable", processes, "run-as");

      var lines = ((String) result.get(0)).lines().toList();
      assertThat(lines).hasSize(5);
      assertThat(lines.get(0)).isEqualTo("nobody");
      assertThat(lines.get(1)).isEqualTo(lines.get(2)).startsWith(System.getProperty("java.io.tmpdir"));
      assertThat(lines.subList(3, 5)).containsExactly("made", "unreadable");
      assertThat((String) result.get(1)).contains("Permission denied");
      assertThat(Path.of(lines.get(1))).doesNotExist();
    } finally {
      Files.delete(accounts);
    }
  }

  @Test
  void pythonCodeRunsAsTheRunAsUser() throws Exception {
    assumeTrue(canSwitchTo("nobody"), "the server is not root and no sudo rule lets it run as nobody");
    var processes = new JobProcesses(LIMITS, JobUser.named("nobody"), JobEnvironment.ofServer());
    // The interpreter must be one the job user may run: not one under root's home (pyenv).
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "no /usr/bin/python3");
    var python = new PythonCode("/usr/bin/python3", processes);
    assertThat(python.run("import os, pwd\nreturn pwd.getpwuid(os.getuid()).pw_name", "py-run-as"))
        .hasToString("\"nobody\"");
  }

  @Test
  void aRunAsUserThatDoesNotExistFailsEveryJobSayingSo() {
    var user = JobUser.named("moi-no-such-user");
    assertThat(user.problem()).hasValueSatisfying(problem -> assertThat(problem)
        .startsWith("moi.job.run-as names the user 'moi-no-such-user', which does not exist"));
    var processes = new JobProcesses(LIMITS, user, JobEnvironment.ofServer());
    var failure = catchThrowableOfType(() -> SystemCommand.run("true", processes, "x"),
        CommandFailedException.class);
    assertThat(failure).hasMessageStartingWith("moi.job.run-as names the user 'moi-no-such-user'");
  }

  @Test
  void aBlankRunAsMeansTheServersOwnUser() {
    assertThat(JobUser.named(" ").isOther()).isFalse();
  }

  private static boolean canSwitchTo(String user) throws Exception {
    if (((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue() == 0) {
      return true;
    }
    try {
      return new ProcessBuilder(List.of("sudo", "-n", "-u", user, "--", "true")).start().waitFor() == 0;
    } catch (java.io.IOException noSudo) {
      return false;
    }
  }
}
