package io.moi.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * Durations as the options take them: {@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h}, a number
 * of seconds, or ISO-8601 ({@code PT10S}). They are checked here, before anything is sent, and sent
 * in ISO-8601, which the server reads whatever form the person typed.
 */
final class DurationText {

  private static final Pattern BRIEF = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");
  private static final Pattern SECONDS = Pattern.compile("\\d+(\\.\\d{1,3})?");

  private DurationText() {}

  /** The duration, or a CliException (exit 1) naming the option and the forms it takes. */
  static Duration parse(String option, String text) {
    String value = text.strip().toLowerCase(java.util.Locale.ROOT);
    try {
      var brief = BRIEF.matcher(value);
      if (brief.matches()) {
        long amount = Long.parseLong(brief.group(1));
        return switch (brief.group(2)) {
          case "ms" -> Duration.ofMillis(amount);
          case "s" -> Duration.ofSeconds(amount);
          case "m" -> Duration.ofMinutes(amount);
          default -> Duration.ofHours(amount);
        };
      }
      if (SECONDS.matcher(value).matches()) {
        return Duration.ofMillis(
            new java.math.BigDecimal(value).movePointRight(3).longValueExact());
      }
      if (value.startsWith("p")) {
        Duration iso = Duration.parse(value.toUpperCase(java.util.Locale.ROOT));
        if (!iso.isNegative()) {
          return iso;
        }
      }
    } catch (ArithmeticException | DateTimeParseException e) {
      // too large, or not ISO-8601 after all: reported below with the other malformed values
    }
    throw new CliException(
        option
            + " is not a duration: '"
            + text
            + "' (write 500ms, 10s, 2m, 1h, a number of seconds or ISO-8601 PT10S)");
  }
}
