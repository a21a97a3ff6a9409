package io.moi.security.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FailedAttemptsTest {

  private Instant now = Instant.parse("2026-01-01T10:00:00Z");
  private final InstantSource clock = () -> now;
  private final FailedAttempts attempts = new FailedAttempts(3, Duration.ofSeconds(30), clock);

  private void pass(Duration time) {
    now = now.plus(time);
  }

  @Test
  void theFirstFailuresAreFreeThenEachWaitDoublesUpToTheCap() {
    List<Duration> waits = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      waits.add(attempts.failed("alice"));
      pass(attempts.wait("alice"));
    }
    assertThat(waits)
        .extracting(Duration::toSeconds)
        .containsExactly(0L, 0L, 0L, 1L, 2L, 4L, 8L, 16L, 30L, 30L);
  }

  @Test
  void aClosedKeyOpensWhenItsWaitIsOverAndOnlyThen() {
    for (int i = 0; i < 5; i++) {
      attempts.failed("alice");
    }
    assertThat(attempts.wait("alice")).isEqualTo(Duration.ofSeconds(2));
    pass(Duration.ofMillis(1500));
    assertThat(attempts.wait("alice")).isEqualTo(Duration.ofMillis(500));
    assertThat(attempts.wait("bob")).isZero();
    pass(Duration.ofMillis(500));
    assertThat(attempts.wait("alice")).isZero();
  }

  @Test
  void forgettingAKeyOrLeavingItAloneLongEnoughStartsItAfresh() {
    for (int i = 0; i < 4; i++) {
      attempts.failed("alice");
      attempts.failed("bob");
    }
    attempts.forget("alice");
    assertThat(attempts.wait("alice")).isZero();
    assertThat(attempts.failed("alice")).isZero();

    pass(FailedAttempts.FORGET.plusSeconds(1));
    assertThat(attempts.wait("bob")).isZero();
    assertThat(attempts.failed("bob")).as("counted from one again").isZero();
  }

  @Test
  void theTableHoldsAtMostItsCapacityDroppingTheLeastRecentlyUsed() {
    for (int i = 0; i < 4; i++) {
      attempts.failed("first");
      attempts.failed("alice");
    }
    assertThat(attempts.wait("first")).isPositive();
    for (int i = 0; i < FailedAttempts.CAPACITY + 100; i++) {
      attempts.failed("guess-" + i);
      if (i % 1000 == 0) {
        attempts.wait("alice"); // still being tried: stays
      }
    }
    assertThat(attempts.size()).isEqualTo(FailedAttempts.CAPACITY);
    assertThat(attempts.wait("alice")).isPositive();
    assertThat(attempts.wait("first")).as("the least recently used went").isZero();
  }

  @Test
  void aWaitLongerThanTheForgettingTimeIsServedInFull() {
    var hourly = new FailedAttempts(0, Duration.ofHours(1), clock);
    Duration wait = Duration.ZERO;
    while (wait.compareTo(FailedAttempts.FORGET) <= 0) {
      pass(wait);
      wait = hourly.failed("alice");
    }
    assertThat(wait).isEqualTo(Duration.ofSeconds(1024));

    pass(FailedAttempts.FORGET.plusMinutes(1));

    assertThat(hourly.wait("alice"))
        .isEqualTo(Duration.ofSeconds(1024).minus(FailedAttempts.FORGET.plusMinutes(1)));
  }
}
