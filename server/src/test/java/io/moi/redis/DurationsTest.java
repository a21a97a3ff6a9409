package io.moi.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

  @Test
  void readsBriefAndIsoForms() {
    assertThat(Durations.parse("14d")).isEqualTo(Duration.ofDays(14));
    assertThat(Durations.parse("36h")).isEqualTo(Duration.ofHours(36));
    assertThat(Durations.parse("90m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(Durations.parse(" 30s ")).isEqualTo(Duration.ofSeconds(30));
    assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Durations.parse("P14D")).isEqualTo(Duration.ofDays(14));
    assertThat(Durations.parse("pt2s")).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void saysHowToWriteOneWhenItCannotRead() {
    assertThatThrownBy(() -> Durations.parse("two weeks"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("14d");
  }
}
