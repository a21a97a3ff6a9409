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

  /**
   * The written form. Every stored change writes at least one date: written by hand, as the
   * formatter writes it, at a fraction of its cost; the formatter still writes years outside 1 to
   * 9999.
   */
  public static String format(LocalDateTime date) {
    if (date == null) {
      return null;
    }
    int year = date.getYear();
    if (year < 1 || year > 9999) {
      return WRITE.format(date);
    }
    var out = new StringBuilder(26);
    digits(out, year, 4).append('-');
    digits(out, date.getMonthValue(), 2).append('-');
    digits(out, date.getDayOfMonth(), 2).append(' ');
    digits(out, date.getHour(), 2).append(':');
    digits(out, date.getMinute(), 2).append(':');
    digits(out, date.getSecond(), 2).append('.');
    return digits(out, date.getNano() / 1000, 6).toString();
  }

  /** The value's last {@code width} digits, with leading zeros. */
  private static StringBuilder digits(StringBuilder out, int value, int width) {
    int power = 1;
    for (int i = 1; i < width; i++) {
      power *= 10;
    }
    for (; power > 0; power /= 10) {
      out.append((char) ('0' + value / power % 10));
    }
    return out;
  }

  public static LocalDateTime parse(String text) {
    return text == null ? null : LocalDateTime.parse(text, READ);
  }

  /**
   * The text itself when it is a date in either form (or null); throws DateTimeParseException
   * otherwise.
   */
  public static String checked(String text) {
    // Every info object read checks three dates: the formatter's parse costs microseconds each.
    if (text != null && !plainlyValid(text)) {
      parse(text);
    }
    return text;
  }

  /**
   * Whether the text is {@code yyyy-MM-dd HH:mm:ss}, with or without a fraction of 1 to 9 digits,
   * with fields that no calendar refuses (year 1 or later, day 1 to 28, hour 0 to 23, minute and
   * second 0 to 59): a date that {@link #parse} certainly reads. Anything else is left to it.
   */
  static boolean plainlyValid(String t) {
    int n = t.length();
    if (n != 19 && (n < 21 || n > 29)) {
      return false;
    }
    if (t.charAt(4) != '-' || t.charAt(7) != '-' || t.charAt(10) != ' ') {
      return false;
    }
    if (t.charAt(13) != ':' || t.charAt(16) != ':' || (n > 19 && t.charAt(19) != '.')) {
      return false;
    }
    for (int i = 20; i < n; i++) {
      if (!isDigit(t.charAt(i))) {
        return false;
      }
    }
    int year = number(t, 0, 4);
    int month = number(t, 5, 2);
    int day = number(t, 8, 2);
    int hour = number(t, 11, 2);
    int minute = number(t, 14, 2);
    int second = number(t, 17, 2);
    return year >= 1
        && month >= 1
        && month <= 12
        && day >= 1
        && day <= 28
        && hour >= 0
        && hour <= 23
        && minute >= 0
        && minute <= 59
        && second >= 0
        && second <= 59;
  }

  // The digits' value, or -1 when any of them is no digit.
  private static int number(String t, int from, int length) {
    int value = 0;
    for (int i = from; i < from + length; i++) {
      char c = t.charAt(i);
      if (!isDigit(c)) {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
