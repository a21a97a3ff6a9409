package io.moi.jobs.control;

import io.moi.cluster.control.CancelMarks;
import io.moi.cluster.control.Heartbeats;
import io.moi.cluster.control.WorkQueue;
import io.moi.cluster.entity.Cancel;
import io.moi.cluster.entity.Delivery;
import io.moi.cluster.entity.Work;
import io.moi.jobs.entity.Failure;
import io.moi.jobs.entity.JobStatus;
import io.moi.redis.Redis;
import io.moi.tree.control.Nodes;
import io.moi.tree.entity.Dates;
import io.moi.tree.entity.Info;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Finds servers that stopped heartbeating and settles the jobs they held: work still Queued goes
 * back to the queue; work that was running runs again ({@code moi.job.max-stalled} times) or ends
 * Failed saying the server was lost; function jobs, which no other server can run, end Failed. A
 * server also settles its own leftovers when it starts, and entries of its own that no job of it
 * holds any more.
 *
 * <p>A server judges others only after its own heartbeats have reached Redis without a gap for a
 * whole {@code moi.node.timeout}: after a Redis restart, or its own start, every live server has
 * renewed its heartbeat by then, and none is taken for dead.
 */
@ApplicationScoped
public class Recovery {

  private static final Logger LOG = System.getLogger(Recovery.class.getName());
  private static final int BATCH = 100;
  // A claim moves only entries idle this long: of two servers claiming at once, one wins each.
  private static final long CLAIM_IDLE_MILLIS = 1000;
  // Entries of this server idle this long and held by no job of it were lost on the way.
  private static final long ORPHAN_IDLE_MILLIS = 60_000;

  @Inject CancelMarks marks;
  @Inject NodeSettings settings;
  @Inject Contexts contexts;
  @Inject WorkQueue queue;
  @Inject Heartbeats heartbeats;
  @Inject Nodes nodes;
  @Inject JobRunner runner;
  @Inject Redis redis;

  /** Settles what this server held before it (re)started; true once done. */
  public boolean recoverOwnLeftovers() {
    String self = settings.nodeId();
    int settled = 0;
    for (String context : contexts.names()) {
      settled += settleAll(context, self, 0, "server " + self + " restarted");
    }
    settled +=
        failLocalJobs(self, "The server " + self + " restarted before the function job finished");
    if (settled > 0) {
      LOG.log(Level.WARNING, "Settled {0} job(s) this server held before it restarted", settled);
    }
    return true;
  }

  /** Recovers the jobs of every server found dead; returns their IDs. */
  public Set<String> recoverLostServers() {
    String self = settings.nodeId();
    Set<String> candidates = new HashSet<>(heartbeats.known());
    for (String context : contexts.names()) {
      candidates.addAll(queue.heldByNode(context).keySet());
    }
    candidates.remove(self);
    candidates.removeAll(heartbeats.live(candidates).keySet());
    for (String lost : candidates) {
      boolean cleared = true;
      int settled = 0;
      for (String context : contexts.names()) {
        settled += settleAll(context, lost, CLAIM_IDLE_MILLIS, null);
        if (queue.heldByNode(context).getOrDefault(lost, 0L) == 0) {
          queue.dropConsumer(context, lost);
        } else {
          cleared = false;
        }
      }
      settled +=
          failLocalJobs(
              lost,
              "The server "
                  + lost
                  + " running this function job was lost (no heartbeat for "
                  + settings.timeout().toSeconds()
                  + " s); a function job runs only on the server that took it");
      if (settled > 0) {
        LOG.log(
            Level.WARNING,
            "Server {0} sent no heartbeat for {1} s: settled {2} job(s) it held",
            lost,
            settings.timeout().toSeconds(),
            settled);
      } else {
        LOG.log(Level.INFO, "Server {0} is gone and held no jobs", lost);
      }
      if (cleared) {
        heartbeats.forget(lost);
      }
    }
    return candidates;
  }

  /** Settles entries of this server that no job of it holds (a start that failed half-way). */
  public void settleOrphans() {
    String self = settings.nodeId();
    Set<String> running = new HashSet<>(runner.running());
    for (String context : contexts.names()) {
      for (Delivery delivery : queue.claim(context, self, self, ORPHAN_IDLE_MILLIS, BATCH)) {
        if (!running.contains(delivery.work().jobId())) {
          settle(delivery, "server " + self + " lost track of it");
        }
      }
    }
  }

  private int settleAll(String context, String from, long minIdle, String why) {
    int settled = 0;
    while (true) {
      List<Delivery> claimed = queue.claim(context, from, settings.nodeId(), minIdle, BATCH);
      Set<String> running = new HashSet<>(runner.running());
      int settledNow = 0;
      for (Delivery delivery : claimed) {
        if (running.contains(delivery.work().jobId())) {
          continue; // taken and run in this life, should the first settling have waited for Redis
        }
        settle(delivery, why == null ? "server " + from + " was lost" : why);
        settledNow++;
      }
      settled += settledNow;
      if (claimed.size() < BATCH || settledNow == 0) {
        return settled;
      }
    }
  }

  /**
   * Ends a delivery whose server is gone: the work runs again or the job ends, in one atomic step
   * with the entry's acknowledgement.
   */
  void settle(Delivery delivery, String why) {
    Work work = delivery.work();
    Optional<Info> found = nodes.find(work.jobId());
    if (found.isEmpty() || JobStatus.isTerminal(found.get().status())) {
      queue.done(delivery).execute(redis);
      return;
    }
    Info info = found.get();
    Optional<Cancel> cancelled = marks.find(work.jobId());
    if (cancelled.isPresent()) {
      nodes.update(
          info.ended(JobStatus.FAILED, Failure.of(cancelled.get().line()).toJson(), Dates.now()),
          work.lineage(),
          queue.done(delivery));
      return;
    }
    if (JobStatus.isWaiting(info.status())) {
      queue.add(delivery.context(), work).and(queue.done(delivery)).execute(redis);
      return;
    }
    if (work.stalls() >= settings.maxStalled()) {
      String text =
          "The job was lost: "
              + why
              + " while it ran, and it is not run again (it ran "
              + (work.stalls() + 1)
              + " time(s); moi.job.max-stalled is "
              + settings.maxStalled()
              + ")";
      nodes.update(
          info.ended(JobStatus.FAILED, Failure.of(text).toJson(), Dates.now()),
          work.lineage(),
          queue.done(delivery));
      LOG.log(Level.WARNING, "Job {0} failed: {1}", work.jobId(), text);
      return;
    }
    nodes.update(
        info.requeued(),
        work.lineage(),
        queue.add(delivery.context(), work.stalled(why)).and(queue.done(delivery)));
    LOG.log(Level.WARNING, "Job {0} goes back to the queue: {1}", work.jobId(), why);
  }

  private int failLocalJobs(String nodeId, String text) {
    int failed = 0;
    Set<String> running = new HashSet<>(runner.running());
    for (String id : heartbeats.localJobs(nodeId)) {
      Optional<Info> found = nodes.find(id);
      if (found.isPresent()
          && !JobStatus.isTerminal(found.get().status())
          && !running.contains(id)) {
        Info info = found.get();
        try {
          nodes.update(
              info.ended(JobStatus.FAILED, Failure.of(text).toJson(), Dates.now()),
              nodes.lineageBelow(info.parent()),
              heartbeats.releaseLocal(nodeId, id));
          failed++;
        } catch (RuntimeException e) {
          LOG.log(
              Level.WARNING,
              "Cannot fail job {0} of lost server {1}: {2}",
              id,
              nodeId,
              e.toString());
        }
      } else {
        heartbeats.releaseLocal(nodeId, id).execute(redis);
      }
    }
    return failed;
  }
}
