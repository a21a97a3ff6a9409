package io.moi;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/**
 * Waiting for something that happens on another thread, process or server: an assertion is tried
 * again every few milliseconds until it holds or its time is up, and then its own failure is what
 * the test reports. The time given is a limit, never a pace: a test waits only as long as the thing
 * takes. The pause between tries starts at 25 ms and grows to at most 250 ms, so that a wait of
 * minutes does not hammer the server it asks.
 */
public final class Eventually {

  private static final long FIRST_PAUSE_MILLIS = 25;
  private static final long LONGEST_PAUSE_MILLIS = 250;

  /** An assertion that may throw what the code it checks throws. */
  @FunctionalInterface
  public interface Assertion {
    void check() throws Exception;
  }

  private Eventually() {}

  /**
   * Tries the assertion until it passes, and returns how long that took; after {@code within}
   * rethrows its last {@link AssertionError}. Any other exception ends the wait at once.
   */
  public static Duration eventually(Duration within, Assertion assertion) throws Exception {
    long start = System.nanoTime();
    long deadline = start + within.toNanos();
    for (long pause = FIRST_PAUSE_MILLIS; ; pause = longer(pause)) {
      try {
        assertion.check();
        return Duration.ofNanos(System.nanoTime() - start);
      } catch (AssertionError notYet) {
        if (System.nanoTime() - deadline >= 0) {
          notYet.addSuppressed(new AssertionError("still failing after " + within));
          throw notYet;
        }
      }
      Thread.sleep(pause);
    }
  }

  /**
   * Reads the value until it meets the condition and returns it; after {@code within} fails naming
   * what was awaited and the last value read.
   */
  public static <T> T await(
      Duration within, String what, Callable<T> value, Predicate<? super T> condition)
      throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    for (long pause = FIRST_PAUSE_MILLIS; ; pause = longer(pause)) {
      T last = value.call();
      if (condition.test(last)) {
        return last;
      }
      if (System.nanoTime() - deadline >= 0) {
        throw new AssertionError(
            "not within " + within + ": " + what + "; the last value read: " + last);
      }
      Thread.sleep(pause);
    }
  }

  private static long longer(long pause) {
    return Math.min(pause * 3 / 2, LONGEST_PAUSE_MILLIS);
  }

  /** Waits until the condition holds; after {@code within} fails naming what was awaited. */
  public static Duration until(Duration within, String what, Callable<Boolean> condition)
      throws Exception {
    long start = System.nanoTime();
    await(within, what, condition, Boolean.TRUE::equals);
    return Duration.ofNanos(System.nanoTime() - start);
  }
}
