package io.moi.jobs.control;

import io.moi.cluster.control.CancelMarks;
import io.moi.cluster.control.Heartbeats;
import io.moi.cluster.control.WorkQueue;
import io.moi.cluster.entity.Attempts;
import io.moi.cluster.entity.Cancel;
import io.moi.cluster.entity.Delivery;
import io.moi.cluster.entity.Work;
import io.moi.jobs.entity.CodeType;
import io.moi.jobs.entity.Failure;
import io.moi.jobs.entity.JobFunction;
import io.moi.jobs.entity.JobStatus;
import io.moi.redis.AtomicWrite;
import io.moi.redis.ConflictingWriteException;
import io.moi.tree.control.Nodes;
import io.moi.tree.entity.Dates;
import io.moi.tree.entity.Info;
import io.moi.tree.entity.Lineage;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import java.util.random.RandomGenerator;

/**
 * Runs jobs on their context's executor and drives each to a terminal status. The job is handed to
 * the executor before its first write, so a full queue refuses it with nothing stored; the task
 * waits for that first write before it records Running.
 */
@ApplicationScoped
public class JobRunner {

  private static final Logger LOG = System.getLogger(JobRunner.class.getName());
  private static final long FIRST_RETRY_MILLIS = 250;
  private static final long MAX_RETRY_MILLIS = 30_000;

  @Inject Nodes nodes;
  @Inject Results results;
  @Inject CodeJobs codeJobs;
  @Inject HandlerLookup handlers;
  @Inject WorkQueue queue;
  @Inject Heartbeats heartbeats;
  @Inject NodeSettings settings;
  @Inject CancelMarks marks;

  @Resource ManagedScheduledExecutorService scheduler;
  @Resource ManagedThreadFactory threads;

  private final Map<String, RunningJob> live = new ConcurrentHashMap<>();
  private final RandomGenerator random = new SplittableRandom();

  /** As below, for a job that runs at once and once only. */
  public void start(
      Info queued,
      Lineage lineage,
      ManagedExecutorService executor,
      JobFunction function,
      Object[] args) {
    start(queued, lineage, executor, function, args, Attempts.ONCE, null);
  }

  /**
   * Stores a function job as Queued and schedules it on this server, which alone can run it;
   * returns once it is recorded. It is listed under this server, so that it is failed if the server
   * is lost. A job {@code due} later waits on this server's scheduler (a full context then fails it
   * when due); it takes up to {@code attempts} attempts.
   */
  public void start(
      Info queued,
      Lineage lineage,
      ManagedExecutorService executor,
      JobFunction function,
      Object[] args,
      Attempts attempts,
      Instant due) {
    String nodeId = settings.nodeId();
    var job =
        new RunningJob(queued, lineage, nodes, heartbeats.releaseLocal(nodeId, queued.id()), null);
    job.attempts(attempts);
    var local = new LocalRun(job, executor, function, args);
    long delay = due == null ? 0 : Duration.between(Instant.now(), due).toMillis();
    var stored = new CompletableFuture<Boolean>();
    live.put(job.id(), job);
    try {
      if (delay <= 0) {
        job.runsAs(
            Handoffs.submit(
                executor,
                () -> {
                  if (stored.join()) {
                    local.run();
                  }
                }));
      }
    } catch (RejectedExecutionException e) {
      live.remove(job.id());
      throw new ContextBusyException(queued.context(), e);
    }
    boolean ok = false;
    try {
      nodes.create(queued, lineage, heartbeats.holdLocal(nodeId, queued.id()));
      ok = true;
    } finally {
      if (!ok) {
        live.remove(job.id());
      }
      stored.complete(ok);
    }
    if (delay > 0) {
      local.after(delay);
    }
  }

  /** A function job of this server, run (again) on its context's executor. */
  private final class LocalRun {
    private final RunningJob job;
    private final ManagedExecutorService executor;
    private final JobFunction function;
    private final Object[] args;

    LocalRun(RunningJob job, ManagedExecutorService executor, JobFunction function, Object[] args) {
      this.job = job;
      this.executor = executor;
      this.function = function;
      this.args = args;
    }

    void run() {
      runBody(job, function, args, null, this::after);
    }

    // Runs the job after a while: its due time, or the wait before its next attempt.
    void after(long delayMillis) {
      try {
        scheduler.schedule(this::submit, delayMillis, TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException stopped) {
        end(job, Failure.of("The server stopped before the job was due"));
      }
    }

    private void submit() {
      try {
        job.runsAs(Handoffs.submit(executor, this::run));
      } catch (RejectedExecutionException e) {
        end(job, Failure.of("The context " + job.context() + " was full when the job was due"));
      }
    }
  }

  /**
   * Takes on a portable job this server took from its context's queue; the caller runs it on one of
   * the context's workers ({@link Accepted#run}) or gives it back to the queue.
   */
  public Accepted accept(Delivery delivery, Info queued) {
    Work work = delivery.work();
    var job = new RunningJob(queued, work.lineage(), nodes, queue.done(delivery), delivery);
    live.put(job.id(), job);
    return new Accepted(job, work);
  }

  /** A portable job taken on by this server and not yet run. */
  public final class Accepted {
    private final RunningJob job;
    private final Work work;

    private Accepted(RunningJob job, Work work) {
      this.job = job;
      this.work = work;
    }

    /** Runs the job on the calling thread, to its end. */
    public void run() {
      job.runsOn(Thread.currentThread());
      try {
        runPortable(job, work);
      } finally {
        job.runsOn(null);
        Thread.interrupted(); // an interrupt meant for this job must not reach the next one
      }
    }

    /** Hands the job back to its queue unrun, for any server. */
    public void giveBack() {
      if (job.stopByServer()) {
        handBack(job, null);
      }
    }
  }

  /** How many jobs of this server have not yet reached a recorded terminal status. */
  public int unfinished() {
    return live.size();
  }

  /** The IDs of the jobs this server runs or is about to run. */
  public List<String> running() {
    return List.copyOf(live.keySet());
  }

  private void runPortable(RunningJob job, Work work) {
    JobFunction function;
    try {
      function =
          work.isHandler()
              ? handlers.function(work.handler(), work.body())
              : codeJobs.function(CodeType.of(work.kind()), work.body());
    } catch (RuntimeException e) {
      startThenFail(job, Failure.of(e.getMessage() == null ? e.toString() : e.getMessage()));
      return;
    }
    runBody(job, function, new Object[0], work.restartNote(), null);
  }

  private void startThenFail(RunningJob job, Failure failure) {
    try {
      job.start();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Cannot record the start of job {0}: {1}", job.id(), e.toString());
    }
    end(job, failure);
  }

  /**
   * Runs one attempt of the job. A failure with attempts left records the job as waiting for the
   * next one: a portable job goes back to the delayed jobs, for any server; a function job is run
   * again by {@code again} (given the wait in ms) on this server.
   */
  private void runBody(
      RunningJob job, JobFunction function, Object[] args, String restartNote, LongConsumer again) {
    try {
      job.start();
      if (restartNote != null) {
        job.restarted(restartNote);
      }
    } catch (ConflictingWriteException e) {
      drop(job);
      return;
    } catch (RuntimeException e) {
      fail(job, Failure.of(e).then("The job could not be started: " + e), again);
      return;
    }
    try {
      Object value = function.run(job, args == null ? new Object[0] : args);
      end(job, JobStatus.SUCCESS, results.toJson(value));
    } catch (ResultNotJsonException e) {
      fail(job, e.failure(), again);
    } catch (CommandFailedException e) {
      fail(job, e.failure(), again);
    } catch (Throwable e) {
      fail(job, Failure.of(e), again);
    }
  }

  // A portable job that stopped waiting before it started (cancelled, or a copy of its entry
  // that another server runs): its entry is done, and nothing else is written.
  private void drop(RunningJob job) {
    LOG.log(Level.INFO, "Job {0} no longer waits to run: its queue entry is dropped", job.id());
    try {
      queue.finish(job.delivery());
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Cannot drop the entry of job {0}: {1}", job.id(), e.toString());
    } finally {
      live.remove(job.id());
    }
  }

  private void fail(RunningJob job, Failure failure, LongConsumer again) {
    Attempts attempts = job.attempts();
    if (attempts.hasMore() && !job.isCancelled()) {
      if (retryLater(job, failure, again)) {
        return;
      }
    }
    end(job, JobStatus.FAILED, attempts.finalFailure(failure.toJson()));
  }

  // True when the job now waits for its next attempt, or its end was decided by someone else.
  private boolean retryLater(RunningJob job, Failure failure, LongConsumer again) {
    Attempts next = job.attempts().after(failure.toJson());
    Duration wait = next.waitBefore(random);
    Instant due = Instant.now().plus(wait);
    String status =
        JobStatus.waiting(
            "attempt "
                + next.number()
                + " of "
                + next.max()
                + " at "
                + Dates.utcSeconds(due)
                + " UTC; attempt "
                + (next.number() - 1)
                + " failed: "
                + failure.last());
    Info waiting = job.current().requeued().withStatus(status);
    Delivery delivery = job.delivery();
    AtomicWrite also = new AtomicWrite();
    if (delivery != null) {
      Work work = delivery.work().restartedBecause(null).withAttempts(next);
      also =
          queue
              .remember(delivery.context(), work)
              .and(queue.delay(job.id(), due))
              .and(queue.done(delivery));
    }
    try {
      if (!job.waitForNextAttempt(waiting, next, also)) {
        return true;
      }
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING,
          "Cannot record the next attempt of job {0}; it ends now: {1}",
          job.id(),
          e.toString());
      return false;
    }
    LOG.log(
        Level.INFO,
        "Job {0} failed attempt {1} of {2}; the next in {3} ms",
        job.id(),
        next.number() - 1,
        next.max(),
        wait.toMillis());
    if (delivery != null) {
      live.remove(job.id());
    } else {
      again.accept(wait.toMillis());
    }
    return true;
  }

  /**
   * Cancels a job this server holds, waiting or running: the job is told (its thread interrupted,
   * {@code Job.isCancelled}), its processes are stopped (SIGTERM, then SIGKILL), and it ends Failed
   * saying who cancelled it and when. False when this server does not hold the job or its end was
   * already decided.
   */
  public boolean cancel(String id, Cancel cancel) {
    RunningJob job = live.get(id);
    if (job == null || !job.stopByServer()) {
      return false;
    }
    job.cancelled();
    // Stopping processes waits for them to be gone (up to the grace period and more): on a
    // thread of its own, so that the scheduler's ticks and other cancels go on meanwhile.
    try {
      threads.newThread(() -> stopCancelled(job, cancel)).start();
    } catch (RuntimeException refused) {
      stopCancelled(job, cancel);
    }
    return true;
  }

  private void stopCancelled(RunningJob job, Cancel cancel) {
    String signals = codeJobs.stopProcesses(job.id());
    job.interrupt();
    Failure failure =
        signals == null
            ? Failure.of(cancel.line())
            : Failure.of("Its processes were stopped (" + signals + ")", cancel.line());
    LOG.log(Level.INFO, "Job {0}: {1}", job.id(), cancel.line());
    record(job, job.stoppedByServer(failure.toJson()), FIRST_RETRY_MILLIS);
  }

  /** Cancels the jobs of this server that carry a cancel mark; answers how many. */
  public int cancelMarked() {
    List<String> ids = running();
    if (ids.isEmpty()) {
      return 0;
    }
    int cancelled = 0;
    for (var mark : marks.marked(ids).entrySet()) {
      if (cancel(mark.getKey(), mark.getValue())) {
        cancelled++;
      }
    }
    return cancelled;
  }

  private void end(RunningJob job, Failure failure) {
    end(job, JobStatus.FAILED, failure.toJson());
  }

  private void end(RunningJob job, String status, jakarta.json.JsonValue result) {
    Info terminal = job.ending(status, result);
    if (terminal != null) {
      record(job, terminal, FIRST_RETRY_MILLIS);
    }
  }

  // The terminal write is retried until Redis takes it: a job whose function has returned
  // must not stay Running because Redis was away at that moment.
  private void record(RunningJob job, Info terminal, long nextDelay) {
    try {
      job.record(terminal);
      live.remove(job.id());
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING,
          "Cannot record {0} of job {1} yet, retrying in {2} ms: {3}",
          terminal.status(),
          job.id(),
          nextDelay,
          e.toString());
      long after = Math.min(nextDelay * 2, MAX_RETRY_MILLIS);
      try {
        scheduler.schedule(() -> record(job, terminal, after), nextDelay, TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException stopped) {
        LOG.log(
            Level.ERROR, "Server stopping: job {0} left as {1}", job.id(), job.current().status());
      }
    }
  }

  /**
   * Stops this server's jobs: those still running after {@code grace} are stopped (the process
   * groups of python and system jobs, the threads of the others). Portable jobs go back to their
   * queue for another server; function jobs end Failed, saying why. Which jobs the server ends is
   * decided before any process is stopped, so that a job's own thread cannot record the death of
   * its process first.
   */
  public void stop(Duration grace) {
    long deadline = System.nanoTime() + grace.toNanos();
    while (!live.isEmpty() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    var stopping = live.values().stream().filter(RunningJob::stopByServer).toList();
    Map<String, String> stopped = codeJobs.stopProcesses();
    for (RunningJob job : stopping) {
      job.interrupt();
      if (job.delivery() != null) {
        handBack(job, "server " + settings.nodeId() + " stopped");
        continue;
      }
      String why = stopped.getOrDefault(job.id(), "The server stopped before the job finished");
      try {
        job.record(job.stoppedByServer(Failure.of(why).toJson()));
      } catch (RuntimeException e) {
        LOG.log(Level.ERROR, "Could not record the end of job {0}: {1}", job.id(), e.toString());
      }
    }
    live.clear();
  }

  // A portable job goes back to its queue as Queued, in one step with the end of its delivery.
  private void handBack(RunningJob job, String why) {
    Delivery delivery = job.delivery();
    Work work = why == null ? delivery.work() : delivery.work().restartedBecause(why);
    try {
      nodes.update(
          job.current().requeued(),
          job.lineage(),
          queue.add(delivery.context(), work).and(queue.done(delivery)));
      LOG.log(
          Level.INFO,
          "Job {0} went back to the queue of context {1}",
          job.id(),
          delivery.context());
    } catch (RuntimeException e) {
      LOG.log(
          Level.ERROR,
          "Could not hand job {0} back ({1}); a live server recovers it from the queue",
          job.id(),
          e.toString());
    } finally {
      live.remove(job.id());
    }
  }
}
