package io.moi.jobs.control;

import java.io.File;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a child process under the job limits. Its output goes to temporary files rather than
 * pipes: a child that writes a lot to both streams cannot dead-lock against a reader, no
 * reader thread is needed (the container owns the threads), and a background process that
 * outlives the child cannot make the JDK drain an endless pipe into memory. The job's own
 * thread waits in steps of 100 ms, bounding the files (see {@link CapturedOutput}) and
 * checking the time limit at each step.
 */
final class ChildProcess {

  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
  private static final long GRACE_MILLIS = 2000;

  /** How a child process that ran to its end exited, with its capped output. */
  record Outcome(int exitCode, String stdout, String stderr) {}

  /** The program could not be started at all (not found, not executable). */
  static final class NotStarted extends IOException {
    NotStarted(String program, IOException cause) {
      super("cannot run '" + program + "': " + reason(cause), cause);
    }

    private static String reason(IOException cause) {
      String message = String.valueOf(cause.getMessage());
      int detail = message.indexOf("error=");
      return detail < 0 ? message : message.substring(detail);
    }
  }

  private ChildProcess() {}

  /**
   * Runs {@code command} with nothing on its standard input. A child still running at the
   * time limit is killed with all its descendants, and the job fails saying so, naming
   * {@code what} ran.
   */
  static Outcome run(List<String> command, String what, ProcessLimits limits)
      throws IOException, InterruptedException, CommandFailedException {
    try (var out = new CapturedOutput(".out", limits.maxOutput());
        var err = new CapturedOutput(".err", limits.maxOutput())) {
      Process process;
      try {
        process = new ProcessBuilder(command)
            .redirectInput(Redirect.from(new File("/dev/null")))
            .redirectOutput(out.redirect())
            .redirectError(err.redirect())
            .start();
      } catch (IOException e) {
        throw new NotStarted(command.get(0), e);
      }
      if (!await(process, limits, out, err)) {
        throw new CommandFailedException("Killed after the time limit of " + limits.timeoutText()
            + " (moi.job.timeout): " + what + "\nstdout: " + out.text() + "\nstderr: " + err.text());
      }
      return new Outcome(process.exitValue(), out.text(), err.text());
    }
  }

  /** Whether the process ended by itself within the time limit. */
  private static boolean await(
      Process process, ProcessLimits limits, CapturedOutput out, CapturedOutput err)
      throws IOException, InterruptedException {
    long started = System.nanoTime();
    long limit = saturatedNanos(limits);
    try {
      while (true) {
        long left = limit - (System.nanoTime() - started);
        if (left <= 0) {
          kill(process);
          return false;
        }
        if (process.waitFor(Math.min(left, POLL_NANOS), TimeUnit.NANOSECONDS)) {
          return true;
        }
        out.bound();
        err.bound();
      }
    } catch (InterruptedException e) {
      // The job's thread is being taken back (the server stops): no grace for the child.
      tree(process).forEach(ProcessHandle::destroyForcibly);
      throw e;
    }
  }

  /**
   * Asks the child and its descendants to stop, then forces those still alive after a grace
   * period, including any they started meanwhile.
   */
  private static void kill(Process process) throws InterruptedException {
    List<ProcessHandle> tree = tree(process);
    tree.forEach(ProcessHandle::destroy);
    long graceEnd = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(GRACE_MILLIS);
    while (tree.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < graceEnd) {
      Thread.sleep(20);
    }
    var remaining = new ArrayList<ProcessHandle>();
    for (ProcessHandle handle : tree) {
      if (handle.isAlive()) {
        handle.descendants().forEach(remaining::add);
        remaining.add(handle);
      }
    }
    remaining.forEach(ProcessHandle::destroyForcibly);
  }

  // Descendants are listed before anything is signalled: once a parent dies, its children
  // move to init and are no longer found through it.
  private static List<ProcessHandle> tree(Process process) {
    var tree = new ArrayList<ProcessHandle>(process.descendants().toList());
    tree.add(process.toHandle());
    return tree;
  }

  private static long saturatedNanos(ProcessLimits limits) {
    try {
      return limits.timeout().toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }
}
