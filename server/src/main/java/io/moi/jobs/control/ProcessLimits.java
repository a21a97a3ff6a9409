package io.moi.jobs.control;

import java.time.Duration;

/**
 * What a child process may use: how long it may run ({@code moi.job.timeout}) and how many bytes of
 * each of its output streams are kept ({@code moi.job.max-output}).
 */
public record ProcessLimits(Duration timeout, long maxOutput) {

  private static final long MAX_OUTPUT_LIMIT = 1024 * 1024 * 1024;

  public static final ProcessLimits DEFAULTS = new ProcessLimits(Duration.ofHours(1), 1024 * 1024);

  public ProcessLimits {
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException(
          "moi.job.timeout must be a positive duration, not " + timeout);
    }
    // What is kept is held in memory and stored in the job's result.
    if (maxOutput < 0 || maxOutput > MAX_OUTPUT_LIMIT) {
      throw new IllegalArgumentException(
          "moi.job.max-output must be between 0 and "
              + MAX_OUTPUT_LIMIT
              + " bytes, not "
              + maxOutput);
    }
  }

  /** The time limit as a person would write it: 1h, 30s, 500ms. */
  public String timeoutText() {
    if (timeout.getNano() == 0) {
      long seconds = timeout.getSeconds();
      if (seconds % 3600 == 0) {
        return seconds / 3600 + "h";
      }
      return seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
    }
    return timeout.getNano() % 1_000_000 == 0 ? timeout.toMillis() + "ms" : timeout.toString();
  }
}
