package io.moi.tree.entity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

class DatesTest {

  @Test
  void nowKeepsWhatTheWrittenFormKeepsSoItReadsBackEqual() {
    LocalDateTime before = LocalDateTime.now().truncatedTo(ChronoUnit.MICROS);
    LocalDateTime now = Dates.now();

    assertThat(now).isAfterOrEqualTo(before);
    assertThat(now.getNano() % 1_000).isZero();
    assertThat(Dates.parse(Dates.format(now))).isEqualTo(now);
  }

  @Test
  void datesAreWrittenWithSixFractionDigitsAndNullStaysNull() {
    assertThat(Dates.format(LocalDateTime.of(2015, 6, 1, 15, 46, 49, 977_480_000)))
        .isEqualTo("2015-06-01 15:46:49.977480");
    assertThat(Dates.format(null)).isNull();
    assertThat(Dates.parse(null)).isNull();
  }
}
