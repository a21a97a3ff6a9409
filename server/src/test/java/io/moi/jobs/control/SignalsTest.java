package io.moi.jobs.control;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SignalsTest {

  @Test
  void theStandardSignalsHaveTheirLinuxNames() {
    assertThat(Signals.name(1)).isEqualTo("SIGHUP");
    assertThat(Signals.name(9)).isEqualTo("SIGKILL");
    assertThat(Signals.name(15)).isEqualTo("SIGTERM");
    assertThat(Signals.name(31)).isEqualTo("SIGSYS");
  }

  @Test
  void realTimeSignalsAreCountedFromSigrtmin() {
    assertThat(Signals.name(34)).isEqualTo("SIGRTMIN+0");
    assertThat(Signals.name(64)).isEqualTo("SIGRTMIN+30");
  }

  @Test
  void numbersWithoutANameAreShownAsNumbers() {
    assertThat(Signals.name(0)).isEqualTo("signal 0");
    assertThat(Signals.name(32)).isEqualTo("signal 32");
    assertThat(Signals.name(33)).isEqualTo("signal 33");
  }
}
