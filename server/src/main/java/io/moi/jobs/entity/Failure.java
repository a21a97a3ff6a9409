package io.moi.jobs.entity;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A failed job's result as protocol section 3 stores it, and as the original moi stores Python's
 * {@code traceback.format_exception}: a list of strings whose concatenation is the whole error
 * text, each one line (or one frame) ending in a newline, the line that says what happened last.
 * Readers that take the last element get that line.
 */
public record Failure(List<String> lines) {

  // JsonProvider.provider() searches the class path on every call: look it up once.
  private static final JsonProvider JSON = JsonProvider.provider();
  private static final String CAUSED =
      "\nThe above exception was the direct cause of the following exception:\n\n";

  public Failure {
    if (lines.isEmpty()) {
      throw new IllegalArgumentException("a failure needs at least one line");
    }
    lines = lines.stream().map(Failure::ended).toList();
  }

  /** A failure of these elements, in order, the last saying what happened. */
  public static Failure of(String... elements) {
    return new Failure(List.of(elements));
  }

  /** A text cut into its lines, each keeping its newline. */
  public static Failure ofText(String text) {
    List<String> lines = new ArrayList<>();
    int from = 0;
    while (from < text.length()) {
      int end = text.indexOf('\n', from);
      int next = end < 0 ? text.length() : end + 1;
      lines.add(text.substring(from, next));
      from = next;
    }
    return new Failure(lines.isEmpty() ? List.of("") : lines);
  }

  /**
   * An exception as Python prints one: the innermost cause first, each exception's frames outermost
   * call first ("most recent call last") and its own line after them, so the exception that was
   * thrown last is the last element.
   */
  public static Failure of(Throwable thrown) {
    List<Throwable> chain = new ArrayList<>();
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Throwable t = thrown; t != null && seen.add(t); t = t.getCause()) {
      chain.add(0, t);
    }
    List<String> lines = new ArrayList<>();
    for (Throwable t : chain) {
      if (!lines.isEmpty()) {
        lines.add(CAUSED);
      }
      StackTraceElement[] frames = t.getStackTrace();
      for (int i = frames.length - 1; i >= 0; i--) {
        lines.add("  at " + frames[i] + "\n");
      }
      lines.add(t + "\n");
    }
    return new Failure(lines);
  }

  /** This failure after the output the process wrote, each stream one element. */
  public Failure afterOutput(String stdout, String stderr) {
    List<String> all = new ArrayList<>(lines.size() + 2);
    all.add("stdout: " + stdout + "\n");
    all.add("stderr: " + stderr + "\n");
    all.addAll(lines);
    return new Failure(all);
  }

  /** This failure with one more line after it, which becomes the one that says what happened. */
  public Failure then(String line) {
    List<String> all = new ArrayList<>(lines);
    all.add(line);
    return new Failure(all);
  }

  /** The whole error text. */
  public String text() {
    return String.join("", lines);
  }

  /** The line that says what happened. */
  public String last() {
    return lines.get(lines.size() - 1);
  }

  public JsonArray toJson() {
    JsonArrayBuilder array = JSON.createArrayBuilder();
    lines.forEach(array::add);
    return array.build();
  }

  /** A stored failure read back: a non-empty JSON list of strings, or empty for any other value. */
  public static Optional<Failure> fromJson(JsonValue value) {
    if (value instanceof JsonArray array
        && !array.isEmpty()
        && array.stream().allMatch(JsonString.class::isInstance)) {
      return Optional.of(new Failure(array.getValuesAs(JsonString::getString)));
    }
    return Optional.empty();
  }

  private static String ended(String line) {
    return line.endsWith("\n") ? line : line + "\n";
  }
}
