package io.moi.schedules.entity;

import io.moi.jobs.entity.JobSpec;
import io.moi.jobs.entity.JobSubmission;
import io.moi.redis.Durations;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.time.Duration;
import java.util.List;

/**
 * A schedule asked for over the API. The job's own fields are checked by {@link JobSubmission}, so
 * a schedule takes exactly what a job submission takes; the rule, attempts and backoff are checked
 * here. Every refusal names its field.
 */
public record ScheduleRequest(
    CronRule rule, JobSubmission job, String name, int maxAttempts, Duration backoff) {

  public static final String DEFAULT_NAME = "scheduled";
  private static final JsonProvider JSON = JsonProvider.provider();
  private static final List<String> JOB_FIELDS =
      List.of("cmd", "cmdType", "handler", "args", "context", "parent");
  private static final List<String> OWN_FIELDS =
      List.of("name", "cron", "zone", "maxAttempts", "backoff");

  public static ScheduleRequest from(JsonObject body) {
    JsonObjectBuilder job = JSON.createObjectBuilder();
    for (String field : body.keySet()) {
      if (JOB_FIELDS.contains(field)) {
        job.add(field, body.get(field));
      } else if (!OWN_FIELDS.contains(field)) {
        throw new IllegalArgumentException(
            "unknown field '"
                + field
                + "'; fields are name, cron, zone, cmd, "
                + "cmdType, handler, args, context, parent, maxAttempts, backoff");
      }
    }
    if (body.containsKey("name")) {
      job.add("name", body.get("name"));
    }
    CronRule rule = CronRule.of(text(body, "cron"), text(body, "zone"));
    JobSubmission submission = JobSubmission.from(job.build());
    String name = text(body, "name");
    return new ScheduleRequest(
        rule,
        submission,
        name == null ? DEFAULT_NAME : submission.name(),
        JobSubmission.maxAttempts(body.get("maxAttempts")),
        backoff(body.get("backoff")));
  }

  private static Duration backoff(JsonValue value) {
    if (value == null || value == JsonValue.NULL) {
      return JobSpec.DEFAULT_BACKOFF;
    }
    Duration backoff;
    try {
      backoff =
          value instanceof JsonNumber n
              ? Duration.ofMillis(n.bigDecimalValue().movePointRight(3).longValueExact())
              : value instanceof JsonString s ? Durations.parse(s.getString()) : null;
    } catch (ArithmeticException | IllegalArgumentException e) {
      backoff = null;
    }
    if (backoff == null || backoff.isNegative() || backoff.compareTo(JobSpec.MAX_BACKOFF) > 0) {
      throw new IllegalArgumentException(
          "field 'backoff' must be seconds (a number) or a duration such as "
              + "\"500ms\", \"10s\", \"2m\" or \"PT10S\", from 0 to 1 day");
    }
    return backoff;
  }

  private static String text(JsonObject body, String field) {
    JsonValue value = body.get(field);
    if (value == null || value == JsonValue.NULL) {
      return null;
    }
    if (!(value instanceof JsonString s)) {
      throw new IllegalArgumentException(
          "field '" + field + "' must be a string, not " + value.getValueType());
    }
    return s.getString();
  }
}
