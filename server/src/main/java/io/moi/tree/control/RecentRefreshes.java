package io.moi.tree.control;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * When this server last refreshed each ancestor's expiry, so that a burst of writes below one group
 * (thousands of jobs a second) refreshes the group and its root once in a while instead of on every
 * write. A refresh gives the ancestor a slack beyond the retention, and no ancestor goes
 * unrefreshed for more than half that slack while writes below it go on: no group expires before
 * its newest member.
 */
final class RecentRefreshes {

  /** The most an ancestor lives beyond the retention. */
  static final long MAX_SLACK_SECONDS = 60;

  private static final int MAX_REMEMBERED = 100_000;

  private final Map<String, Long> lastNanos = new ConcurrentHashMap<>();
  private final LongSupplier clock;

  RecentRefreshes(LongSupplier clock) {
    this.clock = clock;
  }

  /**
   * The slack for a retention of so many seconds: a tenth of it, at most a minute; none below ten
   * seconds, where every write refreshes its ancestors.
   */
  static long slackSeconds(long retentionSeconds) {
    return Math.min(MAX_SLACK_SECONDS, retentionSeconds / 10);
  }

  /**
   * The ancestors whose expiry a write must refresh now, in their order, counted as refreshed from
   * this moment; {@link #forget} them should the write fail.
   */
  List<String> due(List<String> ancestors, long slackSeconds) {
    if (slackSeconds == 0) {
      return ancestors;
    }
    long now = clock.getAsLong();
    long interval = TimeUnit.SECONDS.toNanos(slackSeconds) / 2;
    if (lastNanos.size() > MAX_REMEMBERED) {
      lastNanos.values().removeIf(last -> now - last >= interval);
    }
    List<String> due = new ArrayList<>(ancestors.size());
    for (String id : ancestors) {
      Long last = lastNanos.get(id);
      if (last == null || now - last >= interval) {
        lastNanos.put(id, now);
        due.add(id);
      }
    }
    return due;
  }

  /** Takes back refreshes that did not happen. */
  void forget(List<String> ids) {
    ids.forEach(lastNanos::remove);
  }
}
