package io.moi.jobs.entity;

import io.moi.redis.Durations;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;

/**
 * A job submitted over the API, checked field by field so that every refusal names the field at
 * fault. Missing and null fields take the protocol's defaults.
 */
public record JobSubmission(
    String cmd,
    String cmdType,
    String name,
    String context,
    String user,
    String parent,
    String url,
    String handler,
    JsonValue args,
    int maxAttempts,
    Duration backoff,
    Instant runAt) {

  public static final String DEFAULT_NAME = "no-user-cmd-submit";
  public static final List<String> TYPES = List.of("python", "java", "system");
  private static final Set<String> FIELDS =
      Set.of(
          "cmd",
          "cmdType",
          "name",
          "context",
          "user",
          "parent",
          "url",
          "handler",
          "args",
          "maxAttempts",
          "backoff",
          "runAt",
          "delay");
  private static final Duration MAX_DELAY = Duration.ofDays(366);
  private static final int MAX_TEXT = 1024;

  public static JobSubmission from(JsonObject body) {
    for (String field : body.keySet()) {
      if (!FIELDS.contains(field)) {
        throw new IllegalArgumentException(
            "unknown field '"
                + field
                + "'; fields are cmd, cmdType, name, context, user, parent, url, "
                + "handler, args, maxAttempts, backoff, runAt, delay");
      }
    }
    String handler = text(body, "handler", 256);
    if (handler != null && (body.containsKey("cmd") || body.containsKey("cmdType"))) {
      throw new IllegalArgumentException(
          "give either 'cmd' (with 'cmdType') or 'handler' (with 'args'), not both");
    }
    if (handler == null && body.containsKey("args")) {
      throw new IllegalArgumentException(
          "field 'args' goes with 'handler': the arguments of a named handler");
    }
    if (handler != null && handler.isBlank()) {
      throw new IllegalArgumentException("field 'handler' must not be blank");
    }
    String cmd = handler != null ? null : text(body, "cmd", Integer.MAX_VALUE);
    if (handler == null && (cmd == null || cmd.isBlank())) {
      throw new IllegalArgumentException(
          "field 'cmd' is required: the code or command to run (or 'handler')");
    }
    String type = handler != null ? null : orDefault(text(body, "cmdType", 16), "python");
    if (handler == null && !TYPES.contains(type)) {
      throw new IllegalArgumentException(
          "field 'cmdType' must be one of " + String.join(", ", TYPES));
    }
    String url = text(body, "url", 2048);
    if (url != null
        && !(url.startsWith("/") || url.startsWith("https://") || url.startsWith("http://"))) {
      throw new IllegalArgumentException("field 'url' must start with /, http:// or https://");
    }
    return new JobSubmission(
        cmd,
        type,
        orDefault(text(body, "name", MAX_TEXT), DEFAULT_NAME),
        orDefault(text(body, "context", 256), "default"),
        text(body, "user", 64),
        text(body, "parent", 256),
        url,
        handler,
        handler == null ? null : body.getOrDefault("args", JsonValue.NULL),
        maxAttempts(body.get("maxAttempts")),
        duration(body, "backoff", JobSpec.MAX_BACKOFF),
        due(body));
  }

  /** The job's spec under {@code parent}, with this submission's attempts and due time. */
  public JobSpec spec(String parent) {
    return new JobSpec(parent, name, context, url, null, maxAttempts, backoff, runAt);
  }

  /** The field {@code maxAttempts} of a request: 1 when absent, else a whole number in range. */
  public static int maxAttempts(JsonValue value) {
    if (value == null || value == JsonValue.NULL) {
      return 1;
    }
    if (!(value instanceof JsonNumber n)
        || !n.isIntegral()
        || n.bigDecimalValue().compareTo(BigDecimal.ONE) < 0
        || n.bigDecimalValue().compareTo(BigDecimal.valueOf(JobSpec.MAX_ATTEMPTS)) > 0) {
      throw new IllegalArgumentException(
          "field 'maxAttempts' must be a whole number from 1 to " + JobSpec.MAX_ATTEMPTS);
    }
    return n.intValue();
  }

  // A number of seconds, or text: 500ms, 10s, 2m, 1h, 1d or ISO-8601 (PT10S).
  private static Duration duration(JsonObject body, String field, Duration max) {
    JsonValue value = body.get(field);
    if (value == null || value == JsonValue.NULL) {
      return null;
    }
    Duration duration;
    if (value instanceof JsonNumber n) {
      if (n.bigDecimalValue().signum() < 0
          || n.bigDecimalValue().compareTo(BigDecimal.valueOf(max.toSeconds())) > 0) {
        throw new IllegalArgumentException(
            "field '" + field + "' must be from 0 to " + max.toSeconds() + " seconds");
      }
      duration = Duration.ofMillis(n.bigDecimalValue().movePointRight(3).longValue());
    } else if (value instanceof JsonString s) {
      duration = parseDuration(field, s.getString());
    } else {
      throw new IllegalArgumentException(
          "field '" + field + "' must be a number of seconds or a text like \"10s\"");
    }
    if (duration.isNegative() || duration.compareTo(max) > 0) {
      throw new IllegalArgumentException(
          "field '" + field + "' must be from 0 to " + max.toDays() + " days");
    }
    return duration;
  }

  private static Duration parseDuration(String field, String text) {
    try {
      return Durations.parse(text);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "field '"
              + field
              + "' is not a duration: '"
              + text
              + "' (write a number of seconds, 500ms, 10s, 2m, 1h, 1d or ISO-8601 PT10S)");
    }
  }

  private static Instant due(JsonObject body) {
    Duration delay = duration(body, "delay", MAX_DELAY);
    String runAt = text(body, "runAt", 64);
    if (delay != null && runAt != null) {
      throw new IllegalArgumentException("give either 'runAt' or 'delay', not both");
    }
    if (delay != null) {
      return Instant.now().plus(delay);
    }
    if (runAt == null) {
      return null;
    }
    Instant when;
    try {
      when = OffsetDateTime.parse(runAt).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "field 'runAt' must be an ISO-8601 date and time with its offset, "
              + "like 2026-12-03T10:00:00Z or 2026-12-03T11:00:00+01:00");
    }
    if (when.isAfter(Instant.now().plus(MAX_DELAY))) {
      throw new IllegalArgumentException(
          "field 'runAt' is more than " + MAX_DELAY.toDays() + " days away");
    }
    return when;
  }

  /** Whether this submits a named handler rather than code. */
  public boolean isHandler() {
    return handler != null;
  }

  private static String text(JsonObject body, String field, int maxLength) {
    JsonValue value = body.get(field);
    if (value == null || value == JsonValue.NULL) {
      return null;
    }
    if (!(value instanceof JsonString s)) {
      throw new IllegalArgumentException(
          "field '" + field + "' must be a string, not " + value.getValueType());
    }
    if (s.getString().length() > maxLength) {
      throw new IllegalArgumentException(
          "field '" + field + "' is longer than " + maxLength + " characters");
    }
    return s.getString();
  }

  private static String orDefault(String value, String fallback) {
    return value == null ? fallback : value;
  }
}
