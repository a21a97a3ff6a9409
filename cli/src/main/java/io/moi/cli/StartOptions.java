package io.moi.cli;

import jakarta.json.JsonObjectBuilder;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.Option;

/**
 * When a job may start: after a delay, or at a date and time. The time is sent as an instant in
 * UTC, so the server never has to guess a zone the person meant.
 */
final class StartOptions {

  @Option(
      names = "--delay",
      paramLabel = "DURATION",
      description = "Start no sooner than this from now: 500ms, 10s, 2m, 1h, seconds or PT10S.")
  String delay;

  @Option(
      names = "--run-at",
      paramLabel = "ISO-DATE-TIME",
      description =
          "Start no sooner than this date and time, with its offset or Z,"
              + " e.g. 2026-12-03T10:00:00Z or 2026-12-03T11:00:00+01:00.")
  String runAt;

  /** Adds the field given; a CliException for a value the server would refuse. */
  void addTo(JsonObjectBuilder body) {
    if (delay != null && runAt != null) {
      throw new CliException("give --delay or --run-at, not both", 2);
    }
    if (delay != null) {
      body.add("delay", DurationText.parse("--delay", delay).toString());
    }
    if (runAt != null) {
      body.add("runAt", instant(runAt));
    }
  }

  private static String instant(String text) {
    try {
      return OffsetDateTime.parse(text.strip()).toInstant().toString();
    } catch (DateTimeParseException e) {
      throw new CliException(
          "--run-at is not a date and time with an offset: '"
              + text
              + "' (write e.g. 2026-12-03T10:00:00Z or 2026-12-03T11:00:00+01:00)");
    }
  }
}
