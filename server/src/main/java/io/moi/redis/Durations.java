package io.moi.redis;

import java.time.Duration;
import java.util.regex.Pattern;

/** Reads durations written either as ISO-8601 ({@code P14D}) or briefly ({@code 14d}). */
public final class Durations {

  private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

  private Durations() {}

  public static Duration parse(String text) {
    String value = text.trim().toLowerCase();
    var brief = SHORT.matcher(value);
    if (brief.matches()) {
      long amount = Long.parseLong(brief.group(1));
      return switch (brief.group(2)) {
        case "ms" -> Duration.ofMillis(amount);
        case "s" -> Duration.ofSeconds(amount);
        case "m" -> Duration.ofMinutes(amount);
        case "h" -> Duration.ofHours(amount);
        default -> Duration.ofDays(amount);
      };
    }
    try {
      return Duration.parse(value.toUpperCase());
    } catch (java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException(
          "not a duration: '" + text + "' (write 14d, 36h, 90m, 30s, 500ms or ISO-8601 P14D)", e);
    }
  }
}
