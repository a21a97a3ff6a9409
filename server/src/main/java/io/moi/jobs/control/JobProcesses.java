package io.moi.jobs.control;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * How this server starts the processes of python and system jobs (as which user, with which
 * environment, under which limits), and which of them run now, so that a stopping server stops them
 * all: once it has decided to stop, no job starts a process any more.
 */
public final class JobProcesses {

  /** How long a process asked to stop (SIGTERM) has before it is forced (SIGKILL). */
  static final long GRACE_MILLIS = 2000;

  /** How the end of a job's process is awaited. */
  interface Exit {
    /** Whether the process ended within {@code nanos}. */
    boolean waitFor(long nanos) throws InterruptedException, IOException, CommandFailedException;

    /** Its exit status, once it has ended: 128+N for a death by signal N. */
    int status();
  }

  /** A running child process of a job, with its process tree. */
  record Child(String jobId, Exit exit, ProcessTree tree) {}

  private final ProcessLimits limits;
  private final JobUser user;
  private final JobEnvironment environment;
  private final List<Child> running = new ArrayList<>();
  private boolean stopping;

  JobProcesses(ProcessLimits limits, JobUser user, JobEnvironment environment) {
    this.limits = limits;
    this.user = user;
    this.environment = environment;
  }

  /** Processes run as the server's own user, with its allow-listed variables only. */
  public JobProcesses(ProcessLimits limits) {
    this(limits, JobUser.serversOwn(), JobEnvironment.ofServer());
  }

  /** The last line of a job that the server stopped; {@code signals} says how. */
  static String serverStopped(String signals) {
    return "The server stopped before the job finished; its processes were stopped ("
        + signals
        + ")";
  }

  ProcessLimits limits() {
    return limits;
  }

  JobUser user() {
    return user;
  }

  JobEnvironment environment() {
    return environment;
  }

  /** A new private folder for one job's process. */
  JobFolder folder() throws IOException, CommandFailedException {
    return JobFolder.create(user);
  }

  /** Runs a job's command in its folder; see {@link ChildProcess}. */
  ChildProcess.Outcome run(String jobId, List<String> command, String what, JobFolder folder)
      throws IOException, InterruptedException, CommandFailedException {
    return ChildProcess.run(this, jobId, command, what, folder);
  }

  /** As above, posting the status lines the process writes (see {@link StatusFile}). */
  ChildProcess.Outcome run(
      String jobId, Consumer<String> statuses, List<String> command, String what, JobFolder folder)
      throws IOException, InterruptedException, CommandFailedException {
    return ChildProcess.run(this, jobId, statuses, command, what, folder);
  }

  synchronized Child start(ProcessBuilder builder, String jobId)
      throws IOException, CommandFailedException {
    checkStart();
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new ChildProcess.NotStarted(builder.command().get(0), e);
    }
    Exit exit =
        new Exit() {
          @Override
          public boolean waitFor(long nanos) throws InterruptedException {
            return process.waitFor(nanos, TimeUnit.NANOSECONDS);
          }

          @Override
          public int status() {
            return process.exitValue();
          }
        };
    var child = new Child(jobId, exit, new ProcessTree(process.toHandle(), user));
    running.add(child);
    return child;
  }

  /** Fails when no job may start a process now (the server stops, or the job was stopped). */
  synchronized void checkStart() throws CommandFailedException {
    if (stopping) {
      throw new CommandFailedException("The server stopped before the job started its process");
    }
    if (Thread.currentThread().isInterrupted()) {
      throw new CommandFailedException("The job was stopped before it started its process");
    }
  }

  /**
   * Takes in a job's process that another process started for it (the warm python interpreter's
   * fork); one that comes in once the server stops is killed at once. {@code process} is null when
   * it had ended before it could be looked at.
   */
  synchronized Child adopt(String jobId, ProcessHandle process, Exit exit)
      throws CommandFailedException {
    var child = new Child(jobId, exit, new ProcessTree(process, user));
    if (stopping) {
      child.tree().signal("KILL");
      throw new CommandFailedException(serverStopped("SIGKILL"));
    }
    running.add(child);
    return child;
  }

  synchronized void finished(Child child) {
    running.remove(child);
  }

  synchronized boolean isStopping() {
    return stopping;
  }

  /**
   * Stops the running processes of one job (a cancelled one) with their groups and descendants:
   * SIGTERM, then SIGKILL after the grace period. Returns the signals sent, or null when the job
   * had no process running.
   */
  public String stop(String jobId) {
    List<Child> children;
    synchronized (this) {
      children = running.stream().filter(c -> c.jobId().equals(jobId)).toList();
    }
    if (children.isEmpty()) {
      return null;
    }
    var forced = ProcessTree.stop(children.stream().map(Child::tree).toList(), GRACE_MILLIS);
    return forced.isEmpty() ? "SIGTERM" : "SIGTERM, then SIGKILL";
  }

  /**
   * The server stops: no process starts any more, and every running one is stopped with its group
   * and descendants (SIGTERM, then SIGKILL after the grace period). Returns, for each job that had
   * a process, the last line of its result.
   */
  public Map<String, String> stopAll() {
    List<Child> children;
    synchronized (this) {
      stopping = true;
      children = List.copyOf(running);
    }
    var trees = children.stream().map(Child::tree).toList();
    var forced = ProcessTree.stop(trees, GRACE_MILLIS);
    var stopped = new LinkedHashMap<String, String>();
    for (Child child : children) {
      boolean killed = forced.contains(child.tree());
      stopped.put(child.jobId(), serverStopped(killed ? "SIGTERM, then SIGKILL" : "SIGTERM"));
    }
    return stopped;
  }
}
