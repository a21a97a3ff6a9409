package io.moi.jobs.control;

import io.moi.jobs.entity.Failure;
import java.io.File;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs a job's child process: as the job's user, in a session of its own, with a clean environment,
 * in the job's private folder, under the job limits. Its output goes to temporary files rather than
 * pipes: a child that writes a lot to both streams cannot dead-lock against a reader, no reader
 * thread is needed (the container owns the threads), and a background process that outlives the
 * child cannot make the JDK drain an endless pipe into memory. The server opens those files and the
 * child inherits them, so they need not be reachable by the job's user. The job's own thread waits
 * in steps of 100 ms, bounding the files (see {@link CapturedOutput}) and checking the time limit
 * at each step.
 *
 * <p>A process killed by a signal is told from one that exited by its status: the JDK gives 128+N
 * for a death by signal N, and POSIX shells report a command killed by signal N with the same
 * status (a {@code /bin/sh -c} may also exec its last command, which is then the process itself). A
 * status of 128+N, N a signal number (1 to 64), is therefore read as a death by signal N; a program
 * that itself exits with such a status is reported the same way.
 */
final class ChildProcess {

  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
  private static final int MAX_SIGNAL = 64;

  /** How a child process that ran to its end exited, with its capped output. */
  record Outcome(int exitCode, String stdout, String stderr) {}

  /** The program could not be started at all (not found, not executable). */
  static final class NotStarted extends IOException {
    NotStarted(String program, String reason) {
      super("cannot run '" + program + "': " + reason);
    }

    NotStarted(String program, IOException cause) {
      this(program, reason(cause));
      initCause(cause);
    }

    private static String reason(IOException cause) {
      String message = String.valueOf(cause.getMessage());
      int detail = message.indexOf("error=");
      return detail < 0 ? message : message.substring(detail);
    }
  }

  private ChildProcess() {}

  /**
   * Runs {@code command} for the job {@code jobId}, with nothing on its standard input. A child
   * still running at the time limit is stopped with all its processes, and the job fails saying so,
   * naming {@code what} ran; so does a child killed by a signal.
   */
  static Outcome run(
      JobProcesses processes, String jobId, List<String> command, String what, JobFolder folder)
      throws IOException, InterruptedException, CommandFailedException {
    return run(processes, jobId, status -> {}, command, what, folder);
  }

  /**
   * As above; {@code statuses} receives the status lines the process writes to its {@code
   * MOI_STATUS_FILE} while it runs (see {@link StatusFile}).
   */
  static Outcome run(
      JobProcesses processes,
      String jobId,
      Consumer<String> statuses,
      List<String> command,
      String what,
      JobFolder folder)
      throws IOException, InterruptedException, CommandFailedException {
    ProcessLimits limits = processes.limits();
    var statusFile = new StatusFile(folder.path(), statuses);
    List<String> resolved = resolve(command, processes.environment().path());
    try (var out = new CapturedOutput(".out", limits.maxOutput());
        var err = new CapturedOutput(".err", limits.maxOutput())) {
      var builder =
          new ProcessBuilder(processes.user().wrap(resolved, folder.path()))
              .directory(folder.path().toFile())
              .redirectInput(Redirect.from(new File("/dev/null")))
              .redirectOutput(out.redirect())
              .redirectError(err.redirect());
      builder.environment().clear();
      builder
          .environment()
          .putAll(processes.environment().forJob(jobId, processes.user(), folder.path()));
      var child = processes.start(builder, jobId);
      return outcome(processes, child, out, err, statusFile, what);
    }
  }

  /**
   * Waits for a started child to end (see {@link #run}) and says how it went; the child is no
   * longer among the running ones afterwards.
   */
  static Outcome outcome(
      JobProcesses processes,
      JobProcesses.Child child,
      CapturedOutput out,
      CapturedOutput err,
      StatusFile statusFile,
      String what)
      throws IOException, CommandFailedException {
    ProcessLimits limits = processes.limits();
    try {
      boolean inTime = await(child, limits, out, err, statusFile);
      if (processes.isStopping()) {
        // The server records this job's end itself (see JobRunner.failUnfinished).
        throw failed(out, err, JobProcesses.serverStopped("SIGTERM"));
      }
      if (!inTime) {
        throw failed(
            out,
            err,
            "Killed after the time limit of "
                + limits.timeoutText()
                + " (moi.job.timeout): "
                + what);
      }
      int status = child.exit().status();
      if (status > 128 && status <= 128 + MAX_SIGNAL) {
        throw failed(
            out,
            err,
            "Killed by signal "
                + (status - 128)
                + " ("
                + Signals.name(status - 128)
                + "): "
                + what);
      }
      return new Outcome(status, out.text(), err.text());
    } finally {
      processes.finished(child);
    }
  }

  // The output first, what happened last: the line a reader of the last element sees.
  private static CommandFailedException failed(CapturedOutput out, CapturedOutput err, String what)
      throws IOException {
    return new CommandFailedException(Failure.of(what).afterOutput(out.text(), err.text()));
  }

  /** Whether the process ended by itself within the time limit. */
  private static boolean await(
      JobProcesses.Child child,
      ProcessLimits limits,
      CapturedOutput out,
      CapturedOutput err,
      StatusFile status)
      throws IOException, CommandFailedException {
    JobProcesses.Exit exit = child.exit();
    long started = System.nanoTime();
    long limit = saturatedNanos(limits);
    try {
      while (true) {
        long left = limit - (System.nanoTime() - started);
        if (left <= 0) {
          ProcessTree.stop(List.of(child.tree()), JobProcesses.GRACE_MILLIS);
          return false;
        }
        if (exit.waitFor(Math.min(left, POLL_NANOS))) {
          status.finish();
          return true;
        }
        out.bound();
        err.bound();
        status.poll();
      }
    } catch (InterruptedException e) {
      // The job's thread is being taken back (the server stops): no grace for the child.
      child.tree().signal("KILL");
      Thread.currentThread().interrupt();
      throw failed(out, err, JobProcesses.serverStopped("SIGKILL"));
    }
  }

  // The program is looked up here, in the job's PATH, so that a missing one is told apart
  // from a command that fails: the process started is setsid, which would only exit 127.
  private static List<String> resolve(List<String> command, String path) throws NotStarted {
    String program = command.get(0);
    Path found = null;
    if (program.contains("/")) {
      if (Files.isRegularFile(Path.of(program))) {
        found = Path.of(program);
      }
    } else {
      for (String dir : path.split(":")) {
        Path candidate = Path.of(dir.isEmpty() ? "." : dir, program);
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          found = candidate;
          break;
        }
      }
    }
    if (found == null) {
      throw new NotStarted(
          program, "not found" + (program.contains("/") ? "" : " on the PATH " + path));
    }
    if (!Files.isExecutable(found)) {
      throw new NotStarted(program, "not executable");
    }
    var resolved = new ArrayList<>(command);
    resolved.set(0, found.toString());
    return resolved;
  }

  private static long saturatedNanos(ProcessLimits limits) {
    try {
      return limits.timeout().toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }
}
