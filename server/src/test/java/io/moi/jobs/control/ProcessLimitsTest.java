package io.moi.jobs.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProcessLimitsTest {

  @Test
  void timeLimitReadsAsItWouldBeWritten() {
    assertThat(new ProcessLimits(Duration.ofHours(1), 0).timeoutText()).isEqualTo("1h");
    assertThat(new ProcessLimits(Duration.ofMinutes(90), 0).timeoutText()).isEqualTo("90m");
    assertThat(new ProcessLimits(Duration.ofSeconds(30), 0).timeoutText()).isEqualTo("30s");
    assertThat(new ProcessLimits(Duration.ofMillis(1500), 0).timeoutText()).isEqualTo("1500ms");
  }

  @Test
  void refusesLimitsThatCannotWork() {
    assertThatThrownBy(() -> new ProcessLimits(Duration.ZERO, 10))
        .hasMessageContaining("moi.job.timeout");
    assertThatThrownBy(() -> new ProcessLimits(Duration.ofSeconds(1), -1))
        .hasMessageContaining("moi.job.max-output");
  }
}
