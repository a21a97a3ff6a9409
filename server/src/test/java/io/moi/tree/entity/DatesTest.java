package io.moi.tree.entity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

class DatesTest {

  @Test
  void nowKeepsWhatTheWrittenFormKeepsSoItReadsBackEqual() {
    LocalDateTime before = LocalDateTime.now().truncatedTo(ChronoUnit.MICROS);
    String now = Dates.now();

    assertThat(now).matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{6}");
    assertThat(Dates.parse(now)).isAfterOrEqualTo(before);
    assertThat(Dates.format(Dates.parse(now))).isEqualTo(now);
  }

  @Test
  void datesAreWrittenWithSixFractionDigitsAndNullStaysNull() {
    assertThat(Dates.format(LocalDateTime.of(2015, 6, 1, 15, 46, 49, 977_480_000)))
        .isEqualTo("2015-06-01 15:46:49.977480");
    assertThat(Dates.format(null)).isNull();
    assertThat(Dates.parse(null)).isNull();
  }

  @Test
  void datesAreWrittenAsTheFormatterWritesThem() {
    var formatter = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");
    var random = new java.util.Random(42);
    var dates = new java.util.ArrayList<LocalDateTime>();
    for (int year : new int[] {0, 1, 9, 99, 999, 2026, 9999, 10_000, 123_456}) {
      dates.add(LocalDateTime.of(year, 1, 1, 0, 0, 0, 0));
      dates.add(LocalDateTime.of(year, 12, 31, 23, 59, 59, 999_999_999));
    }
    for (int i = 0; i < 10_000; i++) {
      dates.add(
          LocalDateTime.of(
              random.nextInt(10_000),
              1 + random.nextInt(12),
              1 + random.nextInt(28),
              random.nextInt(24),
              random.nextInt(60),
              random.nextInt(60),
              random.nextInt(1_000_000_000)));
    }

    for (LocalDateTime date : dates) {
      assertThat(Dates.format(date)).as("%s", date).isEqualTo(formatter.format(date));
    }
  }

  @Test
  void aDateInEitherWrittenFormIsKeptAsItsTextAndAnythingElseRefused() {
    assertThat(Dates.checked("2026-12-02 10:00:00")).isEqualTo("2026-12-02 10:00:00");
    assertThat(Dates.checked("2026-12-02 10:00:00.000000")).isEqualTo("2026-12-02 10:00:00.000000");
    assertThat(Dates.checked(null)).isNull();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Dates.checked("2026-12-02T10:00:00"))
        .isInstanceOf(java.time.format.DateTimeParseException.class);
  }

  @Test
  void theQuickCheckAcceptsOnlyWhatTheFullParseReads() {
    var random = new java.util.Random(42);
    String[] edges = {
      "2026-12-03 13:53:59",
      "2026-12-03 13:53:59.940210",
      "2026-12-03 13:53:59.1",
      "2026-12-03 13:53:59.123456789",
      "2026-02-28 23:59:59",
      "0001-01-01 00:00:00",
      "0000-01-01 00:00:00",
      "2026-00-10 10:00:00",
      "2026-13-10 10:00:00",
      "2026-12-00 10:00:00",
      "2026-12-03 24:00:00",
      "2026-12-03 23:60:00",
      "2026-12-03 23:59:60",
      "2026-12-03 13:53:59.",
      "2026-12-03T13:53:59",
      "2026-12-03 13:53:5a",
      "+026-12-03 13:53:59",
      "2026-12-03 13:53:59.1234567890"
    };
    var texts = new java.util.ArrayList<>(java.util.List.of(edges));
    for (int i = 0; i < 20_000; i++) {
      // Digits anywhere in the shape, most fields out of range often.
      texts.add(
          String.format(
              "%04d-%02d-%02d %02d:%02d:%02d%s",
              random.nextInt(3),
              random.nextInt(15),
              random.nextInt(33),
              random.nextInt(26),
              random.nextInt(62),
              random.nextInt(62),
              random.nextBoolean() ? "" : "." + random.nextInt(1_000_000)));
    }
    int quick = 0;
    for (String text : texts) {
      if (Dates.plainlyValid(text)) {
        quick++;
        assertThat(Dates.parse(text)).as(text).isNotNull();
      }
    }
    assertThat(quick).isGreaterThan(1000);
    assertThat(Dates.plainlyValid("2026-12-03 13:53:59.940210")).isTrue();
  }
}
