package io.moi.jobs.control;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The processes of one job: its process group (the job's process leads a session of its own) and
 * every descendant, even one that left the group. A member whose parent has died is no longer a
 * descendant, but stays in the group; a descendant that started a group of its own is still found
 * through its parent. Signals go through {@code kill}, which reaches a whole group, run with the
 * rights over the job's processes ({@link JobUser#privileged}). The job's thread (time limit) and a
 * stopping server may use one tree at the same time.
 */
final class ProcessTree {

  private static final long OWN_GROUP = groupOf(ProcessHandle.current().pid());
  // How long a process killed with SIGKILL may take to be gone.
  private static final long KILLED_MILLIS = 2_000;

  private final ProcessHandle root;
  private final JobUser user;
  private final Set<Long> groups = new LinkedHashSet<>();
  private final Set<Long> pids = new LinkedHashSet<>();

  /** {@code root} is null for a process that ended before it could be looked at. */
  ProcessTree(ProcessHandle root, JobUser user) {
    this.root = root;
    this.user = user;
  }

  /**
   * Sends {@code signal} (TERM, KILL) to the group and every descendant. Members are listed before
   * anything is signalled: once a parent dies, its children move to init and are no longer found
   * through it.
   */
  synchronized void signal(String signal) {
    collect();
    var targets = new ArrayList<String>();
    groups.forEach(group -> targets.add("-" + group));
    // Only pids alive now: one that has gone may be reused by another process.
    pids.stream()
        .filter(pid -> ProcessHandle.of(pid).isPresent())
        .forEach(pid -> targets.add(String.valueOf(pid)));
    send(signal, targets);
  }

  /**
   * Asks every tree's processes to stop (SIGTERM), then forces those still alive after the grace
   * period (SIGKILL), including any they started meanwhile. Returns the trees that had to be
   * forced.
   */
  static List<ProcessTree> stop(Collection<ProcessTree> trees, long graceMillis) {
    trees.forEach(tree -> tree.signal("TERM"));
    var forced = new ArrayList<>(trees);
    awaitGone(forced, graceMillis);
    forced.forEach(tree -> tree.signal("KILL"));
    // A killed process is gone a moment later, not at once: when this returns, it is gone.
    awaitGone(new ArrayList<>(forced), KILLED_MILLIS);
    return forced;
  }

  /** Waits until every tree is gone or the time is up; leaves the ones still alive. */
  private static void awaitGone(List<ProcessTree> alive, long millis) {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (true) {
      alive.removeIf(tree -> !tree.isAlive());
      if (alive.isEmpty() || System.nanoTime() >= end) {
        return;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * Whether any process of the job is still there. One that has died but is not yet reaped by its
   * parent counts: a caller that waits for the job to be gone sees it gone from the system.
   */
  synchronized boolean isAlive() {
    collect();
    if (pids.stream()
        .anyMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))) {
      return true;
    }
    return !groups.isEmpty() && members(groups);
  }

  // Adds what is found now to what was found before: a group is remembered after its leader
  // has gone, as long as any member remains.
  private void collect() {
    if (root == null) {
      return;
    }
    if (root.isAlive()) {
      pids.add(root.pid());
    }
    var found = new ArrayList<ProcessHandle>();
    root.descendants().forEach(found::add);
    for (ProcessHandle handle : found) {
      pids.add(handle.pid());
    }
    for (long pid : List.copyOf(pids)) {
      long group = groupOf(pid);
      // Never the server's own group, nor init's.
      if (group > 1 && group != OWN_GROUP) {
        groups.add(group);
      }
    }
  }

  private void send(String signal, Collection<String> targets) {
    if (targets.isEmpty()) {
      return;
    }
    var command =
        new ArrayList<>(
            List.of("/bin/sh", "-c", "kill -s " + signal + " -- \"$@\" 2>/dev/null", "kill"));
    command.addAll(targets);
    try {
      Process kill =
          new ProcessBuilder(user.privileged(command))
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      // Some targets are usually gone already: kill's status says nothing useful.
      boolean ended;
      try {
        ended = kill.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        ended = kill.waitFor(10, TimeUnit.SECONDS);
      }
      if (!ended) {
        kill.destroyForcibly();
      }
    } catch (IOException | InterruptedException e) {
      // A kill that cannot run: still signal what this JVM may signal itself.
      for (long pid : pids) {
        ProcessHandle.of(pid)
            .ifPresent(
                "KILL".equals(signal) ? ProcessHandle::destroyForcibly : ProcessHandle::destroy);
      }
    }
  }

  private static boolean members(Set<Long> groups) {
    try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
      return entries
          .map(p -> p.getFileName().toString())
          .filter(name -> !name.isEmpty() && name.chars().allMatch(Character::isDigit))
          .map(Long::parseLong)
          .anyMatch(pid -> groups.contains(groupOf(pid)));
    } catch (IOException e) {
      return false;
    }
  }

  /** The process group of {@code pid}, or -1 when it has gone. */
  static long groupOf(long pid) {
    String[] fields = statFields(pid);
    return fields.length > 2 ? Long.parseLong(fields[2]) : -1;
  }

  // /proc/<pid>/stat: "pid (command) state ppid pgrp ..."; the command may hold spaces and
  // parentheses, so the fields are those after its last ')'.
  private static String[] statFields(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
      return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    } catch (IOException | RuntimeException e) {
      return new String[0];
    }
  }
}
