package io.moi.schedules.control;

import io.moi.redis.Redis;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import redis.clients.jedis.UnifiedJedis;

/** The schedules' beans as the container would make them, on a clock the test sets. */
public final class TestSchedules {

  private TestSchedules() {}

  public static Schedules schedules(UnifiedJedis redis, Redis connections, InstantSource clock) {
    var schedules = new Schedules();
    schedules.redis = redis;
    schedules.connections = connections;
    schedules.maxPerUser = 100;
    schedules.clock = clock;
    return schedules;
  }

  /** A clock that shows what the test sets. */
  public static final class Clock implements InstantSource {

    private volatile Instant now;

    public Clock(Instant now) {
      this.now = now;
    }

    @Override
    public Instant instant() {
      return now;
    }

    public void set(Instant time) {
      now = time;
    }

    public void advance(Duration by) {
      now = now.plus(by);
    }
  }
}
