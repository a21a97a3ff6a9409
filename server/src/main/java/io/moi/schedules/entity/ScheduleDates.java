package io.moi.schedules.entity;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Schedule times as they are shown: {@code 2026-12-03 10:00:00 UTC}. Unlike the info objects' local
 * dates they name their zone, since a schedule's own zone may be another.
 */
public final class ScheduleDates {

  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  private ScheduleDates() {}

  public static String format(Instant time) {
    return time == null ? null : FORMAT.format(time.truncatedTo(ChronoUnit.SECONDS));
  }

  public static Instant parse(String text) {
    return text == null ? null : FORMAT.parse(text, Instant::from);
  }
}
