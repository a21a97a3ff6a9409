package io.moi.jobs.control;

import io.moi.cluster.entity.Attempts;
import io.moi.cluster.entity.Delivery;
import io.moi.jobs.entity.Job;
import io.moi.jobs.entity.JobStatus;
import io.moi.redis.AtomicWrite;
import io.moi.redis.ConflictingWriteException;
import io.moi.redis.RedisKeys;
import io.moi.tree.control.Nodes;
import io.moi.tree.entity.Dates;
import io.moi.tree.entity.Info;
import io.moi.tree.entity.Lineage;
import jakarta.json.JsonValue;
import java.util.concurrent.Future;

/**
 * One job between submission and its terminal status. It keeps the job's current info, so a status
 * update is a single write and never a read-modify-write against Redis.
 */
final class RunningJob implements Job {

  private final Nodes nodes;
  private final Lineage lineage;
  private final AtomicWrite atEnd;
  private final Delivery delivery;
  private Info info;
  private Future<?> task;
  private Thread thread;
  // A terminal status has been decided (and may still be being written): whoever decided
  // first writes it, and no other end can replace it.
  private boolean ending;
  private volatile boolean cancelled;
  private Attempts attempts;

  RunningJob(Info queued, Lineage lineage, Nodes nodes) {
    this(queued, lineage, nodes, new AtomicWrite(), null);
  }

  /**
   * A job whose terminal write also applies {@code atEnd}: the acknowledgement of its queue entry
   * ({@code delivery}, null for a function job) or its removal from its server's list.
   */
  RunningJob(Info queued, Lineage lineage, Nodes nodes, AtomicWrite atEnd, Delivery delivery) {
    this.info = queued;
    this.lineage = lineage;
    this.nodes = nodes;
    this.atEnd = atEnd;
    this.delivery = delivery;
    this.attempts = delivery == null ? Attempts.ONCE : delivery.work().attempts();
  }

  /** Which attempt this is, of how many. */
  synchronized Attempts attempts() {
    return attempts;
  }

  synchronized void attempts(Attempts now) {
    attempts = now;
  }

  @Override
  public boolean isCancelled() {
    return cancelled;
  }

  /** Someone cancelled the job: it is told so (see {@link #isCancelled}). */
  void cancelled() {
    cancelled = true;
  }

  /** The queue entry of a portable job; null for a function job, which is local. */
  Delivery delivery() {
    return delivery;
  }

  Lineage lineage() {
    return lineage;
  }

  synchronized void runsAs(Future<?> running) {
    task = running;
  }

  /** The thread that runs the job now (null once it is done). */
  synchronized void runsOn(Thread running) {
    thread = running;
  }

  /** Interrupts the job's thread, if it runs. */
  synchronized void interrupt() {
    if (task != null) {
      task.cancel(true);
    }
    if (thread != null) {
      thread.interrupt();
    }
  }

  @Override
  public String id() {
    return info.id();
  }

  @Override
  public String context() {
    return info.context();
  }

  @Override
  public String parent() {
    return info.parent();
  }

  @Override
  public synchronized String statusUpdate(String status) {
    String previous = info.status();
    move(info.withStatus(JobStatus.checkUpdate(status)));
    return previous;
  }

  /**
   * Records Running. A portable job starts only if its stored info still waits: a job cancelled
   * meanwhile, or a second copy of its queue entry taken by another server, throws a {@link
   * ConflictingWriteException} and nothing is written.
   */
  synchronized void start() {
    if (ending) {
      throw new IllegalStateException("job " + info.id() + " was stopped before it started");
    }
    var guard = new AtomicWrite();
    if (delivery != null) {
      guard.onlyIf(RedisKeys.info(info.id()), RunningJob::stillWaits);
    }
    move(info.started(Dates.now()), guard);
  }

  private static boolean stillWaits(String json) {
    try {
      Info stored = json == null ? null : Info.fromJson(json);
      return stored != null && JobStatus.isWaiting(stored.status()) && stored.dateStart() == null;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * The job failed and waits for its next attempt: {@code waiting} is recorded, with {@code also}
   * in the same step. A job whose end was decided meanwhile (it was cancelled) answers false and is
   * left alone.
   */
  synchronized boolean waitForNextAttempt(Info waiting, Attempts next, AtomicWrite also) {
    if (ending || JobStatus.isTerminal(info.status()) || cancelled) {
      return false;
    }
    nodes.update(waiting, lineage, also);
    info = waiting;
    attempts = next;
    return true;
  }

  /** Shows that the job runs again, after its earlier run was lost or handed back. */
  synchronized void restarted(String note) {
    move(
        info.withStatus(
            note.length() > JobStatus.MAX_LENGTH ? note.substring(0, JobStatus.MAX_LENGTH) : note));
  }

  synchronized Info current() {
    return info;
  }

  /**
   * The terminal info to record, or null when the job has already ended or its end is already
   * decided (for example because the server is stopping it).
   */
  synchronized Info ending(String status, JsonValue result) {
    if (ending || !JobStatus.canMove(info.status(), status)) {
      return null;
    }
    ending = true;
    return info.ended(status, result, Dates.now());
  }

  /**
   * The server stops this job: from now on the job's own thread cannot record an end (a process
   * killed by the server would otherwise end as "killed by signal"). False when the job's end was
   * decided before.
   */
  synchronized boolean stopByServer() {
    if (ending || JobStatus.isTerminal(info.status())) {
      return false;
    }
    ending = true;
    return true;
  }

  /** The terminal info of a job the server stopped ({@link #stopByServer} returned true). */
  synchronized Info stoppedByServer(JsonValue result) {
    return info.ended(JobStatus.FAILED, result, Dates.now());
  }

  /** Writes the terminal info; throws if Redis cannot be reached (the caller retries). */
  synchronized void record(Info terminal) {
    nodes.update(terminal, lineage, atEnd);
    info = terminal;
  }

  synchronized boolean isEnded() {
    return JobStatus.isTerminal(info.status());
  }

  private void move(Info next) {
    move(next, new AtomicWrite());
  }

  private void move(Info next, AtomicWrite also) {
    if (!JobStatus.canMove(info.status(), next.status())) {
      throw new IllegalStateException(
          "job " + info.id() + " cannot move from " + info.status() + " to " + next.status());
    }
    nodes.update(next, lineage, also);
    info = next;
  }
}
