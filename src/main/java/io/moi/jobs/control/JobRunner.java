package io.moi.jobs.control;

import io.moi.cluster.control.Heartbeats;
import io.moi.cluster.control.WorkQueue;
import io.moi.cluster.entity.Delivery;
import io.moi.cluster.entity.Work;
import io.moi.jobs.entity.CodeType;
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
import jakarta.inject.Inject;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
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
  @Inject HandlerLookup handlers;
  @Inject WorkQueue queue;
  @Inject Heartbeats heartbeats;
  @Inject NodeSettings settings;

  @Resource ManagedScheduledExecutorService scheduler;

  private final Map<String, RunningJob> live = new ConcurrentHashMap<>();

  /**
   * Stores a function job as Queued and schedules it on this server, which alone can run it;
   * returns once it is recorded. It is listed under this server, so that it is failed if the
   * server is lost.
   */
  public void start(
      Info queued, Lineage lineage, ManagedExecutorService executor, JobFunction function,
      Object[] args) {
    String nodeId = settings.nodeId();
    var job = new RunningJob(queued, lineage, nodes, heartbeats.releaseLocal(nodeId, queued.id()), null);
    var stored = new CompletableFuture<Boolean>();
    live.put(job.id(), job);
    try {
      job.runsAs(executor.submit(() -> run(job, function, args, stored)));
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
  }

  /**
   * Runs a portable job this server took from its context's queue. {@code freed} runs when the
   * job's work is over, whatever its end. A job the executor refuses goes back to the queue,
   * and the answer is false.
   */
  public boolean run(Delivery delivery, Info queued, ManagedExecutorService executor, Runnable freed) {
    Work work = delivery.work();
    var job = new RunningJob(queued, work.lineage(), nodes, queue.done(delivery), delivery);
    live.put(job.id(), job);
    try {
      job.runsAs(executor.submit(() -> {
        try {
          runPortable(job, work);
        } finally {
          freed.run();
        }
      }));
    } catch (RejectedExecutionException e) {
      live.remove(job.id());
      freed.run();
      LOG.log(Level.WARNING, "Executor of context {0} is full: job {1} goes back to the queue",
          delivery.context(), job.id());
      handBack(job, null);
      return false;
    }
    return true;
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
      function = work.isHandler()
          ? handlers.function(work.handler(), work.body())
          : codeJobs.function(CodeType.of(work.kind()), work.body());
    } catch (RuntimeException e) {
      startThenFail(job, Failure.of(e.getMessage() == null ? e.toString() : e.getMessage()));
      return;
    }
    runBody(job, function, new Object[0], work.restartNote());
  }

  private void startThenFail(RunningJob job, Failure failure) {
    try {
      job.start();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Cannot record the start of job {0}: {1}", job.id(), e.toString());
    }
    end(job, failure);
  }

  private void run(RunningJob job, JobFunction function, Object[] args, CompletableFuture<Boolean> stored) {
    if (!stored.join()) {
      return;
    }
    runBody(job, function, args, null);
  }

  private void runBody(RunningJob job, JobFunction function, Object[] args, String restartNote) {
    try {
      job.start();
      if (restartNote != null) {
        job.restarted(restartNote);
      }
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
   * Stops this server's jobs: those still running after {@code grace} are stopped (the
   * process groups of python and system jobs, the threads of the others). Portable jobs go
   * back to their queue for another server; function jobs end Failed, saying why. Which jobs
   * the server ends is decided before any process is stopped, so that a job's own thread cannot
   * record the death of its process first.
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
      nodes.update(job.current().requeued(), job.lineage(),
          queue.add(delivery.context(), work).and(queue.done(delivery)));
      LOG.log(Level.INFO, "Job {0} went back to the queue of context {1}", job.id(), delivery.context());
    } catch (RuntimeException e) {
      LOG.log(Level.ERROR, "Could not hand job {0} back ({1}); a live server recovers it from the queue",
          job.id(), e.toString());
    } finally {
      live.remove(job.id());
    }
  }
}
