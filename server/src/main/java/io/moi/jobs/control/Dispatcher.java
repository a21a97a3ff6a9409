package io.moi.jobs.control;

import io.moi.cluster.control.WorkQueue;
import io.moi.cluster.entity.Delivery;
import io.moi.jobs.entity.JobStatus;
import io.moi.redis.Redis;
import io.moi.tree.control.Nodes;
import io.moi.tree.entity.Info;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Takes one context's work from its queue for this server, only as much as the server has free
 * slots for: a busy server leaves the rest to others. Work whose job is no longer Queued (it was
 * removed, or a second copy of an entry) is dropped from the queue unrun.
 */
final class Dispatcher implements Runnable {

  private static final Logger LOG = System.getLogger(Dispatcher.class.getName());
  static final long BLOCK_MILLIS = 1000;
  private static final long MAX_BACKOFF_MILLIS = 5000;
  private static final long REFUSED_PAUSE_MILLIS = 200;
  private static final int JOBS_PER_WORKER = 64;
  private static final long LINGER_MILLIS = 20;

  private final String context;
  private final int slots;
  private final Semaphore free;
  private final java.util.concurrent.atomic.AtomicInteger busy =
      new java.util.concurrent.atomic.AtomicInteger();
  private final java.util.concurrent.atomic.AtomicInteger workers =
      new java.util.concurrent.atomic.AtomicInteger();
  private final java.util.concurrent.BlockingQueue<JobRunner.Accepted> waiting =
      new java.util.concurrent.LinkedBlockingQueue<>();
  private final ManagedExecutorService executor;
  private final Parts parts;
  private volatile boolean stopping;
  private volatile Thread thread;

  /** What a dispatcher uses of the application. */
  record Parts(String nodeId, WorkQueue queue, Nodes nodes, JobRunner runner, Redis redis) {}

  Dispatcher(String context, int slots, ManagedExecutorService executor, Parts parts) {
    this.context = context;
    this.slots = slots;
    this.free = new Semaphore(slots);
    this.executor = executor;
    this.parts = parts;
  }

  String context() {
    return context;
  }

  int slots() {
    return slots;
  }

  /** Jobs of this context the server runs now. */
  int busy() {
    return busy.get();
  }

  /** Takes no more work; the current wait for work ends within a second. */
  void stop() {
    stopping = true;
  }

  /** Waits for the loop to end, at most {@code millis}. */
  void awaitStopped(long millis) throws InterruptedException {
    Thread running = thread;
    if (running != null) {
      running.join(millis);
    }
  }

  @Override
  public void run() {
    thread = Thread.currentThread();
    WorkQueue.Reader reader = null;
    long backoff = 0;
    try {
      while (!stopping) {
        if (!free.tryAcquire(500, TimeUnit.MILLISECONDS)) {
          continue;
        }
        int wanted = 1 + free.drainPermits();
        List<Delivery> taken = List.of();
        try {
          if (reader == null) {
            reader = parts.queue().reader(BLOCK_MILLIS);
          }
          taken = parts.queue().take(reader, context, parts.nodeId(), wanted, BLOCK_MILLIS);
          backoff = 0;
        } catch (RuntimeException e) {
          close(reader);
          reader = null;
          if (backoff == 0) {
            LOG.log(
                Level.WARNING, "Cannot read the queue of context {0}: {1}", context, e.toString());
          }
          backoff = backoff == 0 ? 250 : Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
          Thread.sleep(backoff);
        }
        free.release(wanted - taken.size());
        if (!taken.isEmpty()) {
          start(taken);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      close(reader);
    }
  }

  private void start(List<Delivery> taken) throws InterruptedException {
    Map<String, Info> infos = currentInfos(taken);
    if (infos == null) {
      free.release(taken.size()); // left pending: recovered at the next start or by another server
      return;
    }
    for (Delivery delivery : taken) {
      Info info = infos.get(delivery.work().jobId());
      try {
        if (info == null || !JobStatus.isWaiting(info.status())) {
          parts.queue().done(delivery).execute(parts.redis());
          free.release();
        } else if (stopping) {
          parts
              .queue()
              .add(context, delivery.work())
              .and(parts.queue().done(delivery))
              .execute(parts.redis());
          free.release();
        } else {
          busy.incrementAndGet();
          waiting.add(parts.runner().accept(delivery, info));
          if (!ensureWorker()) {
            Thread.sleep(REFUSED_PAUSE_MILLIS); // the executor is full of other work
          }
        }
      } catch (RuntimeException e) {
        // The entry stays pending under this server; its orphan check settles it later.
        LOG.log(Level.WARNING, "Cannot start job {0}: {1}", delivery.work().jobId(), e.toString());
        free.release();
      }
    }
  }

  // The jobs' info as stored now, read until Redis answers (entries taken are this server's
  // to run); null when the server stops meanwhile.
  private Map<String, Info> currentInfos(List<Delivery> taken) throws InterruptedException {
    List<String> ids = taken.stream().map(d -> d.work().jobId()).toList();
    long backoff = 250;
    while (true) {
      try {
        return parts.nodes().findAll(ids);
      } catch (RuntimeException e) {
        if (stopping) {
          return null;
        }
        LOG.log(
            Level.WARNING,
            "Cannot read the jobs taken from context {0}: {1}",
            context,
            e.toString());
        Thread.sleep(backoff);
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
      }
    }
  }

  /**
   * Starts a worker on the context's executor if jobs wait and fewer than {@code slots} work; false
   * when the executor refuses it, and the waiting jobs went back to the queue.
   */
  private boolean ensureWorker() {
    while (true) {
      int now = workers.get();
      if (now >= slots || waiting.isEmpty()) {
        return true;
      }
      if (workers.compareAndSet(now, now + 1)) {
        try {
          Handoffs.execute(executor, this::work);
          return true;
        } catch (RejectedExecutionException e) {
          workers.decrementAndGet();
          LOG.log(
              Level.WARNING,
              "The executor of context {0} is full: its waiting jobs go back to the queue",
              context);
          for (JobRunner.Accepted job; (job = waiting.poll()) != null; ) {
            job.giveBack();
            freed();
          }
          return false;
        }
      }
    }
  }

  // A worker runs waiting jobs one after the other, then ends: once none has come for
  // LINGER_MILLIS, or after JOBS_PER_WORKER jobs, so that function jobs queued on the same
  // executor get their turn. One task for many jobs: the executor captures the thread context
  // once per task (a class-path search for context providers), and that costs more than a no-op
  // job; the linger keeps one task for jobs that arrive one at a time, as REST submissions do.
  private void work() {
    int done = 0;
    while (done < JOBS_PER_WORKER) {
      JobRunner.Accepted job;
      try {
        job = waiting.poll(LINGER_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      if (job == null) {
        break;
      }
      try {
        job.run();
      } finally {
        freed();
      }
      done++;
    }
    workers.decrementAndGet();
    ensureWorker(); // a job handed over after the last poll
  }

  private void freed() {
    busy.decrementAndGet();
    free.release();
  }

  private static void close(WorkQueue.Reader reader) {
    if (reader != null) {
      reader.close();
    }
  }
}
