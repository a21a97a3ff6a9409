package io.moi.cli;

import jakarta.json.JsonObjectBuilder;
import picocli.CommandLine.Option;

/**
 * How often a job may run before its failure stands, and how long it waits in between. A mixin, so
 * that every command that creates jobs takes them the same way.
 */
final class RetryOptions {

  static final int MOST_ATTEMPTS = 100;

  @Option(
      names = "--max-attempts",
      paramLabel = "N",
      description =
          "Run a failing job up to N times in all, 1 to "
              + MOST_ATTEMPTS
              + " (default: 1, no retry).")
  String maxAttempts;

  @Option(
      names = "--backoff",
      paramLabel = "DURATION",
      description =
          "The wait before the first retry, doubling each time after:"
              + " 500ms, 10s, 2m, 1h, seconds or PT10S (default: 1s).")
  String backoff;

  /** Adds the fields given; a CliException (exit 1) for a value the server would refuse. */
  void addTo(JsonObjectBuilder body) {
    if (maxAttempts != null) {
      body.add("maxAttempts", attempts(maxAttempts));
    }
    if (backoff != null) {
      body.add("backoff", DurationText.parse("--backoff", backoff).toString());
    }
  }

  private static int attempts(String text) {
    try {
      int n = Integer.parseInt(text.strip());
      if (n >= 1 && n <= MOST_ATTEMPTS) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below with the numbers out of range
    }
    throw new CliException(
        "--max-attempts takes a whole number from 1 to " + MOST_ATTEMPTS + ", not '" + text + "'");
  }
}
