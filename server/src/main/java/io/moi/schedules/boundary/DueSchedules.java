package io.moi.schedules.boundary;

import io.moi.jobs.boundary.Jobs;
import io.moi.jobs.entity.JobSpec;
import io.moi.redis.AtomicWrite;
import io.moi.redis.ConflictingWriteException;
import io.moi.redis.Durations;
import io.moi.redis.RedisUnavailableException;
import io.moi.schedules.control.Schedules;
import io.moi.schedules.entity.Schedule;
import io.moi.tree.entity.NodeIds;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Fires the schedules that are due, on every server, every {@code moi.schedules.tick}. A firing is
 * one guarded write: the job's creation, the schedule's new next and last times and its new place
 * among the due times, applied only if the schedule is still exactly as this server read it. Of
 * several servers firing the same due time one write lands; the others find the schedule changed,
 * write nothing, and move on.
 *
 * <p>Times missed while no server ran fire once, for the latest of them, and the schedule goes on
 * from now: a backlog of identical jobs helps no one.
 */
@ApplicationScoped
public class DueSchedules {

  private static final Logger LOG = System.getLogger(DueSchedules.class.getName());

  @Inject Schedules schedules;
  @Inject Jobs jobs;

  @Inject
  @ConfigProperty(name = "moi.schedules.tick", defaultValue = "1s")
  String tick;

  @Resource ManagedScheduledExecutorService scheduler;

  InstantSource clock = InstantSource.system();
  private ScheduledFuture<?> ticks;

  void start(@Observes @Initialized(ApplicationScoped.class) Object event) {
    long period = Math.max(100, Durations.parse(tick).toMillis());
    // Ticks fall on whole periods of the wall clock (whole seconds by default): a job starts
    // within milliseconds of its time, and every server looks at the same moment, which is
    // exactly when the guarded write has to decide between them.
    long first = period - Math.floorMod(clock.millis(), period);
    ticks = scheduler.scheduleAtFixedRate(this::tick, first, period, TimeUnit.MILLISECONDS);
    LOG.log(Level.INFO, "Looking for due schedules every {0} ms", period);
  }

  void stop(@Observes @BeforeDestroyed(ApplicationScoped.class) Object event) {
    if (ticks != null) {
      ticks.cancel(false);
    }
  }

  /** Fires every schedule due now; answers how many this server fired. */
  public int tick() {
    Instant now = clock.instant();
    List<String> due;
    try {
      due = schedules.due(now);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Cannot check the due schedules: {0}", e.toString());
      return 0;
    }
    int fired = 0;
    for (String id : due) {
      try {
        fired += fire(id, now) ? 1 : 0;
      } catch (RuntimeException e) {
        // A schedule that cannot be read must not keep the others from firing.
        LOG.log(Level.WARNING, "Schedule {0} not fired: {1}", id, e.toString());
      }
    }
    return fired;
  }

  // Whether this server's write created the due job.
  private boolean fire(String id, Instant now) {
    Optional<String> read = schedules.json(id);
    if (read.isEmpty()) {
      schedules.forgetDue(id); // deleted meanwhile
      return false;
    }
    String json = read.get();
    Schedule schedule = Schedule.fromJson(json);
    if (!schedule.isDue(now)) {
      return false; // fired by another server since the due times were read
    }
    // The ID is chosen here: it goes into the schedule's last firing, in the same write.
    String job = NodeIds.random();
    try {
      create(schedule, job, schedules.replacing(json, schedule.firedAt(now, job)));
      LOG.log(Level.INFO, "Schedule {0} ({1}) created job {2}", id, schedule.name(), job);
      return true;
    } catch (ConflictingWriteException e) {
      LOG.log(Level.DEBUG, "Schedule {0} was fired or changed by another server", id);
    } catch (RedisUnavailableException e) {
      LOG.log(Level.WARNING, "Schedule {0} not fired: {1}", id, e.getMessage());
    } catch (RuntimeException e) {
      // Its parent, context or handler has gone: this time is skipped, the next ones are tried.
      LOG.log(
          Level.WARNING,
          "Schedule {0} ({1}) could not create its job: {2}",
          id,
          schedule.name(),
          e.toString());
      skip(json, schedule.firedAt(now, null));
    }
    return false;
  }

  private void create(Schedule schedule, String job, AtomicWrite also) {
    var spec =
        new JobSpec(schedule.parent(), schedule.name(), schedule.context(), null, job)
            .withRetries(schedule.maxAttempts(), schedule.backoff());
    if (schedule.isHandler()) {
      jobs.queueHandler(spec, schedule.handler(), schedule.args(), also);
    } else {
      jobs.queueCode(spec, schedule.cmdType(), schedule.cmd(), also);
    }
  }

  private void skip(String json, Schedule skipped) {
    try {
      schedules.replace(json, skipped);
    } catch (RuntimeException e) {
      LOG.log(Level.DEBUG, "Schedule {0} changed meanwhile: {1}", skipped.id(), e.toString());
    }
  }
}
