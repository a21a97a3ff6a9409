package io.moi.jobs.control;

import io.moi.cluster.control.WorkQueue;
import io.moi.cluster.entity.Work;
import io.moi.redis.AtomicWrite;
import io.moi.tree.control.Nodes;
import io.moi.tree.entity.Info;
import io.moi.tree.entity.Lineage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;

/**
 * Puts portable jobs (code and named handlers) in their context's durable queue, from which any
 * server takes them. The Queued info and the queue entry are written in one atomic step.
 */
@ApplicationScoped
public class PortableJobs {

  @Inject WorkQueue queue;
  @Inject Nodes nodes;
  @Inject NodeSettings settings;

  /**
   * Stores the job as Queued with its queue entry; refuses it with a ContextBusyException, storing
   * nothing, when the context's queue holds {@code moi.context.<name>.max-queued} jobs.
   */
  public void enqueue(Info queued, Lineage lineage, Work work) {
    enqueue(queued, lineage, work, null, new AtomicWrite());
  }

  /**
   * As {@link #enqueue(Info, Lineage, Work)}, with {@code also} written in the same step. A job
   * with a {@code due} time in the future waits outside the queue until then, Queued all the same.
   * What the job runs is kept beside it, for its retries and a re-run.
   */
  public void enqueue(Info queued, Lineage lineage, Work work, Instant due, AtomicWrite also) {
    String context = queued.context();
    long max = settings.maxQueued(context);
    boolean later = due != null && due.isAfter(Instant.now());
    if (!later && max > 0 && queue.depth(context) >= max) {
      throw new ContextBusyException(context, max);
    }
    var write =
        queue
            .remember(context, work)
            .and(later ? queue.delay(work.jobId(), due) : queue.add(context, work));
    nodes.create(queued, lineage, write.and(also));
  }
}
