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
  void aDateInEitherWrittenFormIsKeptAsItsTextAndAnythingElseRefused() {
    assertThat(Dates.checked("2026-12-02 10:00:00")).isEqualTo("2026-12-02 10:00:00");
    assertThat(Dates.checked("2026-12-02 10:00:00.000000")).isEqualTo("2026-12-02 10:00:00.000000");
    assertThat(Dates.checked(null)).isNull();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Dates.checked("2026-12-02T10:00:00"))
        .isInstanceOf(java.time.format.DateTimeParseException.class);
  }
}
