package io.moi.security.control;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Wrong passwords counted per key (a username or a client address). The first {@code free} failures
 * cost nothing; each one after them closes the key for twice as long as the one before, from 1 s up
 * to {@code maxWait}. Attempts while the key is closed are not counted, so hammering does not
 * lengthen the wait, and the wait never exceeds {@code maxWait}: someone guessing a name can hold
 * its owner back for that long at a time, never longer.
 *
 * <p>Memory stays bounded: a key is forgotten {@link #FORGET} after its last failure, and beyond
 * {@link #CAPACITY} keys the least recently used one goes.
 */
public final class FailedAttempts {

  static final int CAPACITY = 10_000;
  static final Duration FORGET = Duration.ofMinutes(15);

  private record Entry(int failures, Instant last, Instant closedUntil) {}

  private final int free;
  private final Duration maxWait;
  private final Duration forget;
  private final InstantSource clock;
  private final Map<String, Entry> entries =
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
          return size() > CAPACITY;
        }
      };

  public FailedAttempts(int free, Duration maxWait, InstantSource clock) {
    this.free = free;
    this.maxWait = maxWait;
    this.forget = maxWait.compareTo(FORGET) > 0 ? maxWait : FORGET;
    this.clock = clock;
  }

  /** How long the key must wait before its next attempt is looked at; zero when it may try now. */
  public synchronized Duration wait(String key) {
    Instant now = clock.instant();
    Entry entry = current(key, now);
    return entry == null || !entry.closedUntil().isAfter(now)
        ? Duration.ZERO
        : Duration.between(now, entry.closedUntil());
  }

  /** Counts a wrong password and answers the wait it imposes (zero while failures are free). */
  public synchronized Duration failed(String key) {
    Instant now = clock.instant();
    Entry entry = current(key, now);
    int failures = entry == null ? 1 : entry.failures() + 1;
    Duration wait = waitAfter(failures);
    entries.put(key, new Entry(failures, now, now.plus(wait)));
    return wait;
  }

  public synchronized void forget(String key) {
    entries.remove(key);
  }

  synchronized int size() {
    return entries.size();
  }

  private Duration waitAfter(int failures) {
    int beyond = failures - free;
    if (beyond <= 0) {
      return Duration.ZERO;
    }
    Duration wait = Duration.ofSeconds(1L << Math.min(beyond - 1, 30));
    return wait.compareTo(maxWait) > 0 ? maxWait : wait;
  }

  private Entry current(String key, Instant now) {
    Entry entry = entries.get(key);
    if (entry != null && entry.last().plus(forget).isBefore(now)) {
      entries.remove(key);
      return null;
    }
    return entry;
  }
}
