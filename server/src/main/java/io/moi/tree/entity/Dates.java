package io.moi.tree.entity;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;

/**
 * Dates as the protocol writes them: local time, no zone, six fraction digits. Info objects keep
 * dates as the text they were written with (the original moi writes no fraction when the
 * microseconds are 0), so that a node this server does not change is served exactly as stored.
 */
public final class Dates {

  private static final DateTimeFormatter WRITE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

  // Reads the written form and also the one without a fraction (older writers).
  private static final DateTimeFormatter READ =
      new DateTimeFormatterBuilder()
          .appendPattern("yyyy-MM-dd HH:mm:ss")
          .optionalStart()
          .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
          .optionalEnd()
          .toFormatter();

  private static final DateTimeFormatter UTC_SECONDS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(java.time.ZoneOffset.UTC);

  private Dates() {}

  /**
   * A moment to the second in UTC, {@code yyyy-MM-dd HH:mm:ss}, for texts that people read across
   * servers (who cancelled a job and when, when it is due); the reader adds " UTC".
   */
  public static String utcSeconds(java.time.Instant moment) {
    return UTC_SECONDS.format(moment);
  }

  /** Now, in the written form. */
  public static String now() {
    return format(LocalDateTime.now().truncatedTo(ChronoUnit.MICROS));
  }

  public static String format(LocalDateTime date) {
    return date == null ? null : WRITE.format(date);
  }

  public static LocalDateTime parse(String text) {
    return text == null ? null : LocalDateTime.parse(text, READ);
  }

  /**
   * The text itself when it is a date in either form (or null); throws DateTimeParseException
   * otherwise.
   */
  public static String checked(String text) {
    parse(text);
    return text;
  }
}
