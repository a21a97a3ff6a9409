package io.moi.jobs.control;

import io.moi.jobs.entity.Failure;
import io.moi.jobs.entity.JobFunction;
import io.moi.jobs.entity.JobStatus;
import io.moi.tree.control.Nodes;
import io.moi.tree.entity.Info;
import io.moi.tree.entity.Lineage;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Runs jobs on their context's executor and drives each to a terminal status. The job is
 * handed to the executor before its first write, so a full queue refuses it with nothing
 * stored; the task waits for that first write before it records Running.
 */
@ApplicationScoped
public class JobRunner {

  private static final Logger LOG = System.getLogger(JobRunner.class.getName());
  private static final long FIRST_RETRY_MILLIS = 250;
  private static final long MAX_RETRY_MILLIS = 30_000;

  @Inject Nodes nodes;
  @Inject Results results;
  @Inject CodeJobs codeJobs;

  @Resource ManagedScheduledExecutorService scheduler;

  private final Map<String, RunningJob> live = new ConcurrentHashMap<>();

  /** Stores the queued job and schedules it; returns once it is recorded as Queued. */
  public void start(
      Info queued, Lineage lineage, ManagedExecutorService executor, JobFunction function,
      Object[] args) {
    var job = new RunningJob(queued, lineage, nodes);
    var stored = new CompletableFuture<Boolean>();
    live.put(job.id(), job);
    try {
      executor.execute(() -> run(job, function, args, stored));
    } catch (RejectedExecutionException e) {
      live.remove(job.id());
      throw new ContextBusyException(queued.context(), e);
    }
    boolean ok = false;
    try {
      nodes.create(queued, lineage);
      ok = true;
    } finally {
      if (!ok) {
        live.remove(job.id());
      }
      stored.complete(ok);
    }
  }

  /** How many jobs of this server have not yet reached a recorded terminal status. */
  public int unfinished() {
    return live.size();
  }

  private void run(RunningJob job, JobFunction function, Object[] args, CompletableFuture<Boolean> stored) {
    if (!stored.join()) {
      return;
    }
    try {
      job.start();
    } catch (RuntimeException e) {
      end(job, Failure.of(e).then("The job could not be started: " + e));
      return;
    }
    try {
      Object value = function.run(job, args == null ? new Object[0] : args);
      end(job, JobStatus.SUCCESS, results.toJson(value));
    } catch (ResultNotJsonException e) {
      end(job, e.failure());
    } catch (CommandFailedException e) {
      end(job, e.failure());
    } catch (Throwable e) {
      end(job, Failure.of(e));
    }
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
      LOG.log(Level.WARNING, "Cannot record {0} of job {1} yet, retrying in {2} ms: {3}",
          terminal.status(), job.id(), nextDelay, e.toString());
      long after = Math.min(nextDelay * 2, MAX_RETRY_MILLIS);
      try {
        scheduler.schedule(() -> record(job, terminal, after), nextDelay, TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException stopped) {
        LOG.log(Level.ERROR, "Server stopping: job {0} left as {1}", job.id(), job.current().status());
      }
    }
  }

  /**
   * Jobs this server still holds when the application stops end Failed, saying why. Which jobs
   * the server ends is decided before any process is stopped, so that a job's own thread cannot
   * record the death of its process first; then the processes of python and system jobs are
   * stopped, group and descendants (SIGTERM, SIGKILL after a grace period of 2 s).
   */
  void failUnfinished(@Observes @BeforeDestroyed(ApplicationScoped.class) Object event) {
    var stopping = live.values().stream().filter(RunningJob::stopByServer).toList();
    Map<String, String> stopped = codeJobs.stopProcesses();
    for (RunningJob job : stopping) {
      String why = stopped.getOrDefault(job.id(), "The server stopped before the job finished");
      try {
        job.record(job.stoppedByServer(Failure.of(why).toJson()));
      } catch (RuntimeException e) {
        LOG.log(Level.ERROR, "Could not record the end of job {0}: {1}", job.id(), e.toString());
      }
    }
    live.clear();
  }
}
