package io.moi.jobs.entity;

import io.moi.tree.entity.Info;
import java.util.Set;

/**
 * The job state machine in one place. {@code Queued} moves to {@code Running} (or straight to
 * {@code Failed} when the job never starts); a running job takes any number of free-form statuses;
 * {@code Success} and {@code Failed} are final. A job waiting for its next attempt shows {@code
 * Queued: attempt 2 of 3 at ...}, and moves on as a Queued one does.
 */
public final class JobStatus {

  public static final String QUEUED = "Queued";
  public static final String RUNNING = "Running";
  public static final String SUCCESS = Info.SUCCESS;
  public static final String FAILED = Info.FAILED;

  public static final int MAX_LENGTH = 1024;

  /** How the status of a job waiting for a later attempt begins. */
  public static final String WAITING_PREFIX = QUEUED + ": ";

  private static final Set<String> SYSTEM = Set.of(QUEUED, RUNNING, SUCCESS, FAILED);

  private JobStatus() {}

  public static boolean isTerminal(String status) {
    return Info.isEnd(status);
  }

  /** Whether a job in this status waits to run: Queued, or Queued for a later attempt. */
  public static boolean isWaiting(String status) {
    return status != null && (QUEUED.equals(status) || status.startsWith(WAITING_PREFIX));
  }

  /** The status of a job waiting for a later attempt, at most {@link #MAX_LENGTH} long. */
  public static String waiting(String text) {
    String status = WAITING_PREFIX + text;
    return status.length() > MAX_LENGTH ? status.substring(0, MAX_LENGTH) : status;
  }

  /** Whether a job in status {@code from} may move to {@code to}. */
  public static boolean canMove(String from, String to) {
    if (from == null || to == null || isTerminal(from) || QUEUED.equals(to)) {
      return false;
    }
    if (isWaiting(from)) {
      return RUNNING.equals(to) || FAILED.equals(to);
    }
    return !RUNNING.equals(to);
  }

  /** Checks a status text that a job sets itself. */
  public static String checkUpdate(String status) {
    if (status == null || status.isBlank()) {
      throw new IllegalArgumentException("a status update must not be blank");
    }
    if (SYSTEM.contains(status) || status.startsWith(WAITING_PREFIX)) {
      throw new IllegalArgumentException("'" + status + "' is set by moi itself, not by a job");
    }
    if (status.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "a status update must be at most " + MAX_LENGTH + " characters");
    }
    return status;
  }
}
