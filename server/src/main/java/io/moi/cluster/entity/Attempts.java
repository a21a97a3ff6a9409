package io.moi.cluster.entity;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Where a job stands in its attempts: this is attempt {@code number} of {@code max}, retries wait
 * about {@code backoffMillis} times 2^(n-1) before the n-th retry, and {@code errors} holds the
 * failure (a list of lines) of each earlier attempt, oldest first.
 */
public record Attempts(int number, int max, long backoffMillis, List<List<String>> errors) {

  /** A job that runs once, as jobs do unless they ask for more. */
  public static final Attempts ONCE = new Attempts(1, 1, 1000, List.of());

  private static final JsonProvider JSON = JsonProvider.provider();
  // Each wait is the exponential delay times a factor from 0.75 to 1.25: jobs that failed
  // together do not all come back at the same moment.
  private static final double JITTER = 0.25;

  public Attempts {
    if (number < 1 || max < 1 || number > max) {
      throw new IllegalArgumentException("attempt " + number + " of " + max + " is not possible");
    }
    if (backoffMillis < 0) {
      throw new IllegalArgumentException("a backoff cannot be negative");
    }
    errors = List.copyOf(errors);
  }

  /** The first of {@code max} attempts. */
  public static Attempts upTo(int max, Duration backoff) {
    return new Attempts(1, max, backoff.toMillis(), List.of());
  }

  /** Reads the stored form; {@code errorsJson} is a JSON array of arrays of strings. */
  public static Attempts of(int number, int max, long backoffMillis, String errorsJson) {
    List<List<String>> errors = new ArrayList<>();
    if (errorsJson != null && !errorsJson.isEmpty()) {
      try (var reader = JSON.createReader(new StringReader(errorsJson))) {
        for (JsonValue attempt : reader.readArray()) {
          errors.add(lines(attempt));
        }
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("bad attempt errors: " + e.getMessage(), e);
      }
    }
    return new Attempts(number, max, backoffMillis, errors);
  }

  public boolean hasMore() {
    return number < max;
  }

  /** The next attempt, after this one failed with {@code failure}. */
  public Attempts after(JsonValue failure) {
    List<List<String>> more = new ArrayList<>(errors);
    more.add(lines(failure));
    return new Attempts(number + 1, max, backoffMillis, more);
  }

  /** The same number of attempts, from the first, with no errors. */
  public Attempts first() {
    return new Attempts(1, max, backoffMillis, List.of());
  }

  /** How long to wait before this attempt (the n-th retry waits about backoff * 2^(n-1)). */
  public Duration waitBefore(RandomGenerator random) {
    if (number <= 1) {
      return Duration.ZERO;
    }
    double exponential = backoffMillis * Math.pow(2, Math.min(number - 2, 30));
    double factor = 1 - JITTER + 2 * JITTER * random.nextDouble();
    return Duration.ofMillis((long) Math.min(exponential * factor, Duration.ofDays(7).toMillis()));
  }

  /**
   * The result of the last attempt's failure, preceded by the earlier attempts' errors: each
   * attempt's lines after a line naming it, the last attempt's own last line still last.
   */
  public JsonArray finalFailure(JsonValue last) {
    JsonArrayBuilder all = JSON.createArrayBuilder();
    if (errors.isEmpty()) {
      lines(last).forEach(all::add);
      return all.build();
    }
    for (int i = 0; i < errors.size(); i++) {
      all.add("Attempt " + (i + 1) + " of " + max + " failed:\n");
      errors.get(i).forEach(all::add);
    }
    all.add("Attempt " + number + " of " + max + " failed:\n");
    lines(last).forEach(all::add);
    return all.build();
  }

  /** The earlier attempts' errors as JSON. */
  public String errorsJson() {
    JsonArrayBuilder all = JSON.createArrayBuilder();
    for (List<String> attempt : errors) {
      JsonArrayBuilder lines = JSON.createArrayBuilder();
      attempt.forEach(lines::add);
      all.add(lines);
    }
    return all.build().toString();
  }

  // A failure result is a list of lines; an older single string is one line.
  private static List<String> lines(JsonValue failure) {
    if (failure instanceof JsonArray array) {
      return array.stream()
          .map(v -> v instanceof JsonString s ? s.getString() : v.toString())
          .toList();
    }
    if (failure instanceof JsonString s) {
      return List.of(s.getString());
    }
    return List.of(failure == null ? "null" : failure.toString());
  }
}
