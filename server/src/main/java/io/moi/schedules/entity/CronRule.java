package io.moi.schedules.entity;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

/**
 * A Unix cron expression (minute hour day-of-month month day-of-week) read in a time zone.
 * cron-utils works on zoned date-times, so a daylight saving change is the library's to handle: a
 * time that does not exist that day is skipped, one that exists twice fires once.
 */
public record CronRule(String expression, ZoneId zone) {

  private static final CronParser PARSER =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
  private static final int MAX_TEXT = 256;

  public CronRule {
    if (zone == null) {
      throw new IllegalArgumentException("field 'zone' is required");
    }
    parse(expression);
  }

  /** Reads both fields, each refusal naming its field; a null or blank zone is UTC. */
  public static CronRule of(String expression, String zone) {
    return new CronRule(expression, zone(zone));
  }

  /** The first fire time strictly after {@code after}; empty for one that never comes (Feb 30). */
  public Optional<Instant> nextAfter(Instant after) {
    return times().nextExecution(after.atZone(zone)).map(t -> t.toInstant());
  }

  /** The latest fire time at or before {@code atOrBefore}. */
  public Optional<Instant> latestAtOrBefore(Instant atOrBefore) {
    var time = atOrBefore.atZone(zone);
    if (times().isMatch(time.withNano(0)) && time.getSecond() == 0) {
      return Optional.of(time.withNano(0).toInstant());
    }
    return times().lastExecution(time).map(t -> t.toInstant());
  }

  private ExecutionTime times() {
    return ExecutionTime.forCron(parse(expression));
  }

  private static Cron parse(String expression) {
    if (expression == null || expression.isBlank()) {
      throw new IllegalArgumentException(
          "field 'cron' is required: five fields, minute hour day month weekday");
    }
    if (expression.length() > MAX_TEXT) {
      throw new IllegalArgumentException("field 'cron' is longer than " + MAX_TEXT + " characters");
    }
    try {
      return PARSER.parse(expression.trim()).validate();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "field 'cron' is not a Unix cron expression (minute hour day month "
              + "weekday, e.g. \"*/5 * * * *\"): '"
              + expression
              + "': "
              + e.getMessage());
    }
  }

  private static ZoneId zone(String zone) {
    if (zone == null || zone.isBlank()) {
      return ZoneId.of("UTC");
    }
    try {
      return ZoneId.of(zone);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(
          "field 'zone' is not a time zone ID such as UTC or Europe/Paris: '" + zone + "'");
    }
  }
}
