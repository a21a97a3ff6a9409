package io.moi.jobs.control;

import static io.moi.jobs.control.ChildProcessTest.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Process trees of real child processes, signalled through kill. */
class ProcessTreeTest {

  private final List<Long> started = new ArrayList<>();

  @AfterEach
  void killLeftovers() {
    started.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
  }

  private Process start(String... command) throws Exception {
    var process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.PIPE)
            .start();
    started.add(process.pid());
    return process;
  }

  /** The pid that {@code process} printed first. */
  private long printedPid(Process process) throws Exception {
    var line = new StringBuilder();
    for (int c = process.getInputStream().read(); c != '\n'; c = process.getInputStream().read()) {
      assertThat(c).as("the process printed a line").isNotNegative();
      line.append((char) c);
    }
    long pid = Long.parseLong(line.toString().strip());
    started.add(pid);
    return pid;
  }

  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && !zombie(pid);
  }

  private static boolean zombie(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
      return stat.charAt(stat.lastIndexOf(')') + 2) == 'Z';
    } catch (Exception gone) {
      return false;
    }
  }

  @Test
  void theGroupOfAProcessIsReadFromProcEvenWhenItsCommandHoldsParentheses() throws Exception {
    Path dir = Files.createTempDirectory("moi-tree-");
    Path odd = Files.copy(Path.of("/bin/sleep"), dir.resolve("a) b (c"));
    try {
      // a session leader: its group is itself, its parent is this JVM
      var process = start("/usr/bin/setsid", odd.toString(), "300");
      eventually(
          () ->
              ProcessTree.groupOf(process.pid())
                  != ProcessTree.groupOf(ProcessHandle.current().pid()),
          "setsid has made its session");

      assertThat(ProcessTree.groupOf(process.pid())).isEqualTo(process.pid());
      process.destroyForcibly().waitFor();
      assertThat(ProcessTree.groupOf(process.pid())).isEqualTo(-1);
    } finally {
      Files.deleteIfExists(odd);
      Files.delete(dir);
    }
  }

  @Test
  void aProcessInTheServersOwnGroupIsSignalledByItsPidAlone() throws Exception {
    var process = start("/bin/sleep", "300");
    var tree = new ProcessTree(process.toHandle(), JobUser.serversOwn());

    assertThat(tree.isAlive()).isTrue();
    tree.signal("KILL");

    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(tree.isAlive()).isFalse();
    // the JVM that runs the test, in the same group, is still here to tell
  }

  @Test
  void aDescendantInASessionOfItsOwnIsFoundThroughItsParent() throws Exception {
    // a grandchild: the subshell starts it
    var process =
        start("/usr/bin/setsid", "/bin/sh", "-c", "(setsid sleep 300 & echo $!; wait); wait");
    long escaped = printedPid(process);
    var tree = new ProcessTree(process.toHandle(), JobUser.serversOwn());
    eventually(() -> ProcessTree.groupOf(escaped) == escaped, "the sleep has a session of its own");

    tree.signal("KILL");

    eventually(() -> !alive(escaped), "the escaped sleep is killed");
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void aGroupOutlivesItsLeaderUntilItsLastMemberIsSignalled() throws Exception {
    // The sleep's parent, a subshell, ends at once: the sleep is no descendant, only a member.
    var process = start("/usr/bin/setsid", "/bin/sh", "-c", "(sleep 300 & echo $!); read line");
    long member = printedPid(process);
    var tree = new ProcessTree(process.toHandle(), JobUser.serversOwn());
    assertThat(tree.isAlive()).isTrue();

    // The leader ends (its standard input closes); the sleep stays in the group.
    process.getOutputStream().close();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(alive(member)).isTrue();
    assertThat(tree.isAlive()).isTrue();

    tree.signal("KILL");

    eventually(() -> !alive(member), "the group's last member is killed");
    eventually(() -> !tree.isAlive(), "the tree is gone");
  }

  @Test
  void stoppingTreesForcesOnlyThoseThatIgnoreSigterm() throws Exception {
    var obeys = start("/usr/bin/setsid", "/bin/sh", "-c", "sleep 300");
    var ignores =
        start(
            "/usr/bin/setsid",
            "/bin/sh",
            "-c",
            "trap '' TERM; echo ready; while :; do sleep 0.2; done");
    assertThat(new String(ignores.getInputStream().readNBytes(6))).isEqualTo("ready\n");
    eventually(
        () -> ProcessTree.groupOf(obeys.pid()) == obeys.pid(), "the obeying one has its session");
    var obeying = new ProcessTree(obeys.toHandle(), JobUser.serversOwn());
    var ignoring = new ProcessTree(ignores.toHandle(), JobUser.serversOwn());

    var forced = ProcessTree.stop(List.of(obeying, ignoring), JobProcesses.GRACE_MILLIS);

    assertThat(forced).containsExactly(ignoring);
    assertThat(obeys.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(ignores.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(obeys.exitValue()).isEqualTo(128 + 15);
    assertThat(ignores.exitValue()).isEqualTo(128 + 9);
  }
}
