package io.moi.cluster.entity;

import io.moi.tree.entity.Dates;
import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.time.Instant;

/** A request to cancel a job: who asked, and when (UTC, to the second). */
public record Cancel(String by, String at) {

  private static final JsonProvider JSON = JsonProvider.provider();

  /** {@code user} asks now. */
  public static Cancel by(String user, Instant now) {
    return new Cancel(user, Dates.utcSeconds(now));
  }

  /** The last line of the cancelled job's result (the jobs side makes that result of it). */
  public String line() {
    return "Cancelled by " + by + " at " + at + " UTC";
  }

  public JsonObject toJsonObject() {
    return JSON.createObjectBuilder().add("by", by).add("at", at).build();
  }

  public String toJson() {
    return toJsonObject().toString();
  }

  /** Reads a stored request; throws IllegalArgumentException when it is not one. */
  public static Cancel fromJson(String json) {
    try (var reader = JSON.createReader(new StringReader(json))) {
      JsonObject o = reader.readObject();
      return new Cancel(o.getString("by"), o.getString("at"));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a cancel request: " + json, e);
    }
  }
}
