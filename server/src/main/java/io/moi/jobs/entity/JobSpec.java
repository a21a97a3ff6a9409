package io.moi.jobs.entity;

import io.moi.tree.entity.Info;
import java.time.Duration;
import java.time.Instant;

/**
 * Where, how and when a job is created: its parent group, display name, context, result URL, an
 * optional caller-chosen ID (a random UUID otherwise), how many attempts it may take with which
 * base backoff between them, and when it is due (null: at once).
 */
public record JobSpec(
    String parent,
    String name,
    String context,
    String url,
    String id,
    int maxAttempts,
    Duration backoff,
    Instant runAt) {

  /** The base delay between attempts when a submission names none. */
  public static final Duration DEFAULT_BACKOFF = Duration.ofSeconds(1);

  /** The most attempts a submission may ask for. */
  public static final int MAX_ATTEMPTS = 100;

  /** The longest base delay between attempts. */
  public static final Duration MAX_BACKOFF = Duration.ofDays(1);

  public JobSpec {
    if (parent == null || parent.isEmpty()) {
      throw new IllegalArgumentException("a job needs a parent group");
    }
    context = context == null || context.isBlank() ? Info.DEFAULT_CONTEXT : context;
    if (maxAttempts < 1 || maxAttempts > MAX_ATTEMPTS) {
      throw new IllegalArgumentException(
          "maxAttempts must be between 1 and " + MAX_ATTEMPTS + ", not " + maxAttempts);
    }
    backoff = backoff == null ? DEFAULT_BACKOFF : backoff;
    if (backoff.isNegative() || backoff.compareTo(MAX_BACKOFF) > 0) {
      throw new IllegalArgumentException("backoff must be between 0 and 1 day, not " + backoff);
    }
  }

  public JobSpec(String parent, String name, String context, String url, String id) {
    this(parent, name, context, url, id, 1, DEFAULT_BACKOFF, null);
  }

  public static JobSpec under(String parent, String name) {
    return new JobSpec(parent, name, null, null, null);
  }

  public JobSpec inContext(String newContext) {
    return new JobSpec(parent, name, newContext, url, id, maxAttempts, backoff, runAt);
  }

  public JobSpec withUrl(String newUrl) {
    return new JobSpec(parent, name, context, newUrl, id, maxAttempts, backoff, runAt);
  }

  public JobSpec withId(String newId) {
    return new JobSpec(parent, name, context, url, newId, maxAttempts, backoff, runAt);
  }

  /**
   * Up to {@code attempts} runs in all while the job fails; the n-th retry waits about {@code base}
   * times 2^(n-1), with jitter.
   */
  public JobSpec withRetries(int attempts, Duration base) {
    return new JobSpec(parent, name, context, url, id, attempts, base, runAt);
  }

  /** The job waits, Queued, until {@code when}. */
  public JobSpec runAt(Instant when) {
    return new JobSpec(parent, name, context, url, id, maxAttempts, backoff, when);
  }

  /** The job waits, Queued, for {@code delay} from now. */
  public JobSpec delayedBy(Duration delay) {
    return runAt(Instant.now().plus(delay));
  }
}
