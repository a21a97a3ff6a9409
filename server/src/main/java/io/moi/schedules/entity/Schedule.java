package io.moi.schedules.entity;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/**
 * A cron rule and the job it creates: code ({@code cmd}, {@code cmdType}) or a named handler
 * ({@code handler}, {@code args}), under {@code parent}, with its attempts and backoff. {@code
 * next} is the due time still to fire (null while paused or when the rule never fires again);
 * {@code last} the latest firing. Its JSON is what Redis stores and what the API answers.
 */
public record Schedule(
    String id,
    String owner,
    String name,
    CronRule rule,
    String cmd,
    String cmdType,
    String handler,
    JsonValue args,
    String context,
    String parent,
    int maxAttempts,
    Duration backoff,
    boolean paused,
    Instant next,
    Firing last,
    Instant created) {

  private static final JsonProvider JSON = JsonProvider.provider();

  public boolean isHandler() {
    return handler != null;
  }

  /** Paused: it fires no more, and forgets its next time. */
  public Schedule pause() {
    return new Schedule(
        id,
        owner,
        name,
        rule,
        cmd,
        cmdType,
        handler,
        args,
        context,
        parent,
        maxAttempts,
        backoff,
        true,
        null,
        last,
        created);
  }

  /** Running again from {@code now}: the times missed while paused are not made up for. */
  public Schedule resume(Instant now) {
    return new Schedule(
        id,
        owner,
        name,
        rule,
        cmd,
        cmdType,
        handler,
        args,
        context,
        parent,
        maxAttempts,
        backoff,
        false,
        rule.nextAfter(now).orElse(null),
        last,
        created);
  }

  /**
   * Fired at {@code now} (for the latest due time, however many were missed), next due after {@code
   * now}: job is null when none could be created.
   */
  public Schedule firedAt(Instant now, String job) {
    Instant at = rule.latestAtOrBefore(now).orElse(next);
    return new Schedule(
        id,
        owner,
        name,
        rule,
        cmd,
        cmdType,
        handler,
        args,
        context,
        parent,
        maxAttempts,
        backoff,
        paused,
        rule.nextAfter(now).orElse(null),
        new Firing(at, job),
        created);
  }

  /** Whether it is due at {@code now}. */
  public boolean isDue(Instant now) {
    return !paused && next != null && !next.isAfter(now);
  }

  public JsonObject toJsonObject() {
    JsonObjectBuilder b =
        JSON.createObjectBuilder()
            .add("id", id)
            .add("owner", owner)
            .add("name", name)
            .add("cron", rule.expression())
            .add("zone", rule.zone().getId());
    if (isHandler()) {
      b.add("handler", handler).add("args", args == null ? JsonValue.NULL : args);
    } else {
      b.add("cmd", cmd).add("cmdType", cmdType);
    }
    b.add("context", context)
        .add("parent", parent)
        .add("maxAttempts", maxAttempts)
        .add("backoff", backoff.toString())
        .add("paused", paused);
    add(b, "next", ScheduleDates.format(next));
    if (last == null) {
      b.addNull("last");
    } else {
      JsonObjectBuilder l = JSON.createObjectBuilder().add("at", ScheduleDates.format(last.at()));
      add(l, "job", last.job());
      b.add("last", l);
    }
    return b.add("created", ScheduleDates.format(created)).build();
  }

  public String toJson() {
    return toJsonObject().toString();
  }

  public static Schedule fromJson(String json) {
    try (var reader = JSON.createReader(new StringReader(json))) {
      JsonObject o = reader.readObject();
      JsonObject last = o.isNull("last") ? null : o.getJsonObject("last");
      return new Schedule(
          o.getString("id"),
          o.getString("owner"),
          o.getString("name"),
          new CronRule(o.getString("cron"), ZoneId.of(o.getString("zone"))),
          o.getString("cmd", null),
          o.getString("cmdType", null),
          o.getString("handler", null),
          o.get("args"),
          o.getString("context"),
          o.getString("parent"),
          o.getInt("maxAttempts"),
          Duration.parse(o.getString("backoff")),
          o.getBoolean("paused"),
          ScheduleDates.parse(o.getString("next", null)),
          last == null
              ? null
              : new Firing(ScheduleDates.parse(last.getString("at")), last.getString("job", null)),
          ScheduleDates.parse(o.getString("created")));
    }
  }

  private static void add(JsonObjectBuilder b, String field, String value) {
    if (value == null) {
      b.addNull(field);
    } else {
      b.add(field, value);
    }
  }
}
