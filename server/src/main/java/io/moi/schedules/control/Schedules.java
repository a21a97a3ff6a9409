package io.moi.schedules.control;

import io.moi.redis.AtomicWrite;
import io.moi.redis.ConflictingWriteException;
import io.moi.redis.Redis;
import io.moi.redis.RedisKeys;
import io.moi.schedules.entity.Schedule;
import io.moi.schedules.entity.ScheduleRequest;
import io.moi.tree.entity.NodeIds;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import redis.clients.jedis.UnifiedJedis;

/**
 * The schedules in Redis: each as JSON with no expiry, its ID in its owner's set, and, unless
 * paused, in the set of due times. Every change of a stored schedule is guarded by the JSON it was
 * read as, so that a pause and a firing on another server never undo each other.
 */
@ApplicationScoped
public class Schedules {

  private static final int CHANGE_ATTEMPTS = 10;

  @Inject UnifiedJedis redis;
  @Inject Redis connections;

  @Inject
  @ConfigProperty(name = "moi.schedules.max-per-user", defaultValue = "100")
  int maxPerUser;

  InstantSource clock = InstantSource.system();

  /**
   * Stores a new schedule of {@code owner}, whose jobs go under {@code parent} (checked by the
   * caller); refused when the owner has {@code moi.schedules.max-per-user} already.
   */
  public Schedule create(String owner, String parent, ScheduleRequest request) {
    Instant now = clock.instant();
    var job = request.job();
    var schedule =
        new Schedule(
            NodeIds.random(),
            owner,
            request.name(),
            request.rule(),
            job.cmd(),
            job.cmdType(),
            job.handler(),
            job.args(),
            job.context(),
            parent,
            request.maxAttempts(),
            request.backoff(),
            false,
            request.rule().nextAfter(now).orElse(null),
            null,
            now);
    if (redis.scard(RedisKeys.schedulesOf(schedule.owner())) >= maxPerUser) {
      throw new IllegalArgumentException(
          "a user may have at most " + maxPerUser + " schedules; delete one first");
    }
    new AtomicWrite()
        .onlyIf(RedisKeys.schedule(schedule.id()), json -> json == null)
        .and(storing(schedule))
        .sadd(RedisKeys.schedulesOf(schedule.owner()), schedule.id())
        .execute(connections);
    return schedule;
  }

  public Optional<Schedule> find(String id) {
    return json(id).map(Schedule::fromJson);
  }

  /** A schedule's JSON as stored, the value its guarded writes compare with. */
  public Optional<String> json(String id) {
    return Optional.ofNullable(redis.get(RedisKeys.schedule(id)));
  }

  /** A user's schedules, oldest first. */
  public List<Schedule> of(String user) {
    List<String> ids = new ArrayList<>(redis.smembers(RedisKeys.schedulesOf(user)));
    if (ids.isEmpty()) {
      return List.of();
    }
    List<String> values = redis.mget(ids.stream().map(RedisKeys::schedule).toArray(String[]::new));
    return values.stream()
        .filter(v -> v != null)
        .map(Schedule::fromJson)
        .sorted(Comparator.comparing(Schedule::created).thenComparing(Schedule::id))
        .toList();
  }

  public Schedule pause(String id) {
    return change(id, Schedule::pause);
  }

  /** Resumed from now: times missed while paused are not made up for. */
  public Schedule resume(String id) {
    return change(id, s -> s.paused() ? s.resume(clock.instant()) : s);
  }

  public void delete(Schedule schedule) {
    new AtomicWrite()
        .del(RedisKeys.schedule(schedule.id()))
        .srem(RedisKeys.schedulesOf(schedule.owner()), schedule.id())
        .zrem(RedisKeys.SCHEDULES_DUE, schedule.id())
        .execute(connections);
  }

  /** The IDs of the schedules due at {@code now}. */
  public List<String> due(Instant now) {
    return redis.zrangeByScore(
        RedisKeys.SCHEDULES_DUE, Double.NEGATIVE_INFINITY, now.toEpochMilli());
  }

  /** Takes an ID out of the due times: its schedule is gone. */
  public void forgetDue(String id) {
    redis.zrem(RedisKeys.SCHEDULES_DUE, id);
  }

  /**
   * The write that replaces {@code json} (the schedule as read) by {@code changed}, applied only if
   * the stored schedule is still exactly {@code json}.
   */
  public AtomicWrite replacing(String json, Schedule changed) {
    return new AtomicWrite()
        .onlyIf(RedisKeys.schedule(changed.id()), json::equals)
        .and(storing(changed));
  }

  /** Applies {@link #replacing}; throws ConflictingWriteException when the schedule changed. */
  public void replace(String json, Schedule changed) {
    replacing(json, changed).execute(connections);
  }

  // The schedule's JSON and its place among the due times, which only unpaused schedules with
  // a time to come have.
  private static AtomicWrite storing(Schedule schedule) {
    var write = new AtomicWrite().set(RedisKeys.schedule(schedule.id()), schedule.toJson());
    return schedule.paused() || schedule.next() == null
        ? write.zrem(RedisKeys.SCHEDULES_DUE, schedule.id())
        : write.zadd(RedisKeys.SCHEDULES_DUE, schedule.next().toEpochMilli(), schedule.id());
  }

  private Schedule change(String id, UnaryOperator<Schedule> how) {
    for (int attempt = 1; ; attempt++) {
      String json = json(id).orElseThrow(() -> new UnknownScheduleException(id));
      Schedule changed = how.apply(Schedule.fromJson(json));
      try {
        replace(json, changed);
        return changed;
      } catch (ConflictingWriteException e) {
        // fired meanwhile on some server: change what it wrote
        if (attempt == CHANGE_ATTEMPTS) {
          throw e;
        }
      }
    }
  }
}
