package io.moi.jobs.entity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JobStatusTest {

  @Test
  void queuedJobEitherStartsOrFails() {
    assertThat(JobStatus.canMove("Queued", "Running")).isTrue();
    assertThat(JobStatus.canMove("Queued", "Failed")).isTrue();
    assertThat(JobStatus.canMove("Queued", "Success")).isFalse();
    assertThat(JobStatus.canMove("Queued", "half way")).isFalse();
  }

  @Test
  void runningJobTakesFreeFormStatusesThenEnds() {
    assertThat(JobStatus.canMove("Running", "half way")).isTrue();
    assertThat(JobStatus.canMove("half way", "nearly")).isTrue();
    assertThat(JobStatus.canMove("nearly", "Success")).isTrue();
    assertThat(JobStatus.canMove("Running", "Failed")).isTrue();
    assertThat(JobStatus.canMove("half way", "Running")).isFalse();
    assertThat(JobStatus.canMove("Running", "Queued")).isFalse();
  }

  @Test
  void terminalStatusesAreFinal() {
    for (String end : new String[] {"Success", "Failed"}) {
      assertThat(JobStatus.isTerminal(end)).isTrue();
      assertThat(JobStatus.canMove(end, "Running")).isFalse();
      assertThat(JobStatus.canMove(end, "Failed")).isFalse();
      assertThat(JobStatus.canMove(end, "again")).isFalse();
    }
  }

  @Test
  void jobsCannotWriteTheSystemStatusesOrBlankOnes() {
    assertThat(JobStatus.checkUpdate("50% done")).isEqualTo("50% done");
    for (String reserved : new String[] {"Queued", "Running", "Success", "Failed", " ", ""}) {
      assertThatThrownBy(() -> JobStatus.checkUpdate(reserved))
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> JobStatus.checkUpdate("x".repeat(1025)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aStatusOfTheLongestAllowedLengthIsAccepted() {
    String longest = "x".repeat(JobStatus.MAX_LENGTH);
    assertThat(JobStatus.checkUpdate(longest)).isEqualTo(longest);
  }
}
