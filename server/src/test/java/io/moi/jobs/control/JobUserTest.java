package io.moi.jobs.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobUserTest {

  private static final ProcessLimits LIMITS = new ProcessLimits(Duration.ofMinutes(1), 65536);

  @Test
  void jobsRunAsTheRunAsUserAndCannotReadTheServersFiles() throws Exception {
    assumeTrue(
        canSwitchTo("nobody"), "the server is not root and no sudo rule lets it run as nobody");
    Path accounts = Files.createTempFile("moi-users-", ".properties");
    try {
      Files.writeString(accounts, "admin=secret-hash\n");
      Files.setPosixFilePermissions(accounts, PosixFilePermissions.fromString("rw-------"));
      var processes = new JobProcesses(LIMITS, JobUser.named("nobody"), JobEnvironment.ofServer());

      var result =
          SystemCommand.run(
              "id -un; pwd; echo \"$TMPDIR\"; echo made > \"$TMPDIR/file\" && cat file;"
                  + " cat "
                  + accounts
                  + " || echo unreadable",
              processes,
              "run-as");

      var lines = ((String) result.get(0)).lines().toList();
      assertThat(lines).hasSize(5);
      assertThat(lines.get(0)).isEqualTo("nobody");
      assertThat(lines.get(1))
          .isEqualTo(lines.get(2))
          .startsWith(System.getProperty("java.io.tmpdir"));
      assertThat(lines.subList(3, 5)).containsExactly("made", "unreadable");
      assertThat((String) result.get(1)).contains("Permission denied");
      assertThat(Path.of(lines.get(1))).doesNotExist();
    } finally {
      Files.delete(accounts);
    }
  }

  @Test
  void pythonCodeRunsAsTheRunAsUser() throws Exception {
    assumeTrue(
        canSwitchTo("nobody"), "the server is not root and no sudo rule lets it run as nobody");
    var processes = new JobProcesses(LIMITS, JobUser.named("nobody"), JobEnvironment.ofServer());
    // The interpreter must be one the job user may run: not one under root's home (pyenv).
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "no /usr/bin/python3");
    var python = new PythonCode("/usr/bin/python3", processes);
    assertThat(python.run("import os, pwd\nreturn pwd.getpwuid(os.getuid()).pw_name", "py-run-as"))
        .hasToString("\"nobody\"");
  }

  @Test
  void pythonCodeForkedFromAWarmInterpreterRunsAsTheRunAsUserToo() throws Exception {
    assumeTrue(
        canSwitchTo("nobody"), "the server is not root and no sudo rule lets it run as nobody");
    var processes = new JobProcesses(LIMITS, JobUser.named("nobody"), JobEnvironment.ofServer());
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "no /usr/bin/python3");
    var python = new PythonCode("/usr/bin/python3", processes, true);
    try {
      String body =
          "import os, pwd\n"
              + "with open(f'/proc/{os.getppid()}/cmdline', 'rb') as parent:\n"
              + "    forked = b'moi_forks.py' in parent.read()\n"
              + "print('to the output file')\n"
              + "raise ValueError([pwd.getpwuid(os.getuid()).pw_name, forked])";
      var failure = Failures.thrownBy(() -> python.run(body, "py-run-as-forked"));
      assertThat(failure.text()).contains("to the output file");
      assertThat(failure.last()).isEqualTo("ValueError: ['nobody', True]\n");
    } finally {
      python.close();
    }
  }

  @Test
  void aRunAsUserThatDoesNotExistFailsEveryJobSayingSo() {
    var user = JobUser.named("moi-no-such-user");
    assertThat(user.problem())
        .hasValueSatisfying(
            problem ->
                assertThat(problem)
                    .startsWith(
                        "moi.job.run-as names the user 'moi-no-such-user', which does not exist"));
    var processes = new JobProcesses(LIMITS, user, JobEnvironment.ofServer());
    var failure =
        catchThrowableOfType(
            () -> SystemCommand.run("true", processes, "x"), CommandFailedException.class);
    assertThat(failure).hasMessageStartingWith("moi.job.run-as names the user 'moi-no-such-user'");
  }

  @Test
  void aBlankRunAsMeansTheServersOwnUser() {
    assertThat(JobUser.named(" ").isOther()).isFalse();
    assertThat(JobUser.named(null).name()).isEmpty();
  }

  @Test
  void aRunAsUserIsTakenFromTheSystemsUserDatabase() throws Exception {
    assumeTrue(isRoot(), "the server is not root");
    var user = JobUser.named(" nobody ");

    assertThat(user.name()).contains("nobody");
    assertThat(user.isOther()).isTrue();
    assertThat(user.problem()).isEmpty();
    assertThat(user.uid()).isEqualTo(Long.parseLong(shell("id -u nobody")));
    assertThat(user.gid()).isEqualTo(Long.parseLong(shell("id -g nobody")));
    assertThat(user.home(Map.of("HOME", "/root"))).isEqualTo(shell("echo ~nobody"));
  }

  @Test
  void aRootServerSwitchesToTheRunAsUserWithSetprivInASessionOfItsOwn() throws Exception {
    assumeTrue(isRoot(), "the server is not root");
    var user = JobUser.named("nobody");
    long uid = Long.parseLong(shell("id -u nobody"));
    long gid = Long.parseLong(shell("id -g nobody"));

    assertThat(user.bySudo()).isFalse();
    assertThat(user.wrap(List.of("/bin/sh", "-c", "true"), Path.of("/tmp/job")))
        .containsExactly(
            "/usr/bin/setsid",
            "/usr/bin/setpriv",
            "--reuid=" + uid,
            "--regid=" + gid,
            "--init-groups",
            "--",
            "/bin/sh",
            "-c",
            "true");
    assertThat(user.privileged(List.of("kill", "-s", "TERM", "--", "-42")))
        .containsExactly("kill", "-s", "TERM", "--", "-42");
  }

  @Test
  void aServerThatIsNotRootSwitchesThroughSudoKeepingTheJobsEnvironmentAndTmpdir()
      throws Exception {
    var user = new JobUser("worker", 1500, 1500, "/home/worker", true, null);

    assertThat(user.bySudo()).isTrue();
    assertThat(user.wrap(List.of("/bin/sh", "-c", "true"), Path.of("/tmp/job")))
        .containsExactly(
            "/usr/bin/setsid",
            "sudo",
            "-n",
            "--preserve-env",
            "-u",
            "worker",
            "--",
            "/usr/bin/env",
            "TMPDIR=/tmp/job",
            "/bin/sh",
            "-c",
            "true");
    assertThat(user.privileged(List.of("rm", "-rf", "--", "/tmp/job")))
        .containsExactly("sudo", "-n", "-u", "worker", "--", "rm", "-rf", "--", "/tmp/job");
    assertThat(user.home(Map.of("HOME", "/root"))).isEqualTo("/home/worker");
  }

  @Test
  void jobsOfTheServersOwnUserRunAsTheServerInASessionOfTheirOwn() throws Exception {
    var user = JobUser.serversOwn();

    assertThat(user.name()).isEmpty();
    assertThat(user.isOther()).isFalse();
    assertThat(user.bySudo()).isFalse();
    assertThat(user.problem()).isEmpty();
    assertThat(user.wrap(List.of("/bin/sh", "-c", "true"), Path.of("/tmp/job")))
        .containsExactly("/usr/bin/setsid", "/bin/sh", "-c", "true");
    assertThat(user.privileged(List.of("kill", "-42"))).containsExactly("kill", "-42");
    assertThat(user.home(Map.of("HOME", "/home/server"))).isEqualTo("/home/server");
    assertThat(user.home(Map.of())).isEqualTo(System.getProperty("user.home"));
  }

  @Test
  void aRunAsSettingThatIsNoUserNameFailsEveryJobSayingSo() {
    var user = JobUser.named("bad name;");

    assertThat(user.name()).contains("bad name;");
    assertThat(user.problem()).contains("moi.job.run-as is 'bad name;', which is not a user name");
    var failure =
        catchThrowableOfType(
            () -> user.wrap(List.of("true"), Path.of("/tmp")), CommandFailedException.class);
    assertThat(failure.failure().lines())
        .containsExactly("moi.job.run-as is 'bad name;', which is not a user name\n");
  }

  private static boolean isRoot() throws Exception {
    return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue() == 0;
  }

  private static String shell(String command) throws Exception {
    var process = new ProcessBuilder("/bin/sh", "-c", command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes()).strip();
    assertThat(process.waitFor()).isZero();
    return out;
  }

  private static boolean canSwitchTo(String user) throws Exception {
    if (((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue() == 0) {
      return true;
    }
    try {
      return new ProcessBuilder(List.of("sudo", "-n", "-u", user, "--", "true")).start().waitFor()
          == 0;
    } catch (java.io.IOException noSudo) {
      return false;
    }
  }
}
