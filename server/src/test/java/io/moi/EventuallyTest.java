package io.moi;

import static io.moi.Eventually.await;
import static io.moi.Eventually.eventually;
import static io.moi.Eventually.until;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EventuallyTest {

  private final AtomicInteger tries = new AtomicInteger();

  @Test
  void anAssertionIsTriedAgainUntilItPasses() throws Exception {
    eventually(Duration.ofSeconds(10), () -> assertThat(tries.incrementAndGet()).isEqualTo(3));

    assertThat(tries).hasValue(3);
  }

  @Test
  void afterTheTimeTheAssertionsOwnLastFailureIsThrown() {
    assertThatThrownBy(
            () ->
                eventually(
                    Duration.ofMillis(200),
                    () -> assertThat(tries.incrementAndGet()).as("tries").isNegative()))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("[tries]")
        .hasMessageContaining(String.valueOf(tries.get()));
    assertThat(tries.get()).isGreaterThan(1);
  }

  @Test
  void anyOtherExceptionEndsTheWaitAtOnce() {
    assertThatThrownBy(
            () ->
                eventually(
                    Duration.ofSeconds(10),
                    () -> {
                      tries.incrementAndGet();
                      throw new IOException("broken");
                    }))
        .isInstanceOf(IOException.class);
    assertThat(tries).hasValue(1);
  }

  @Test
  void awaitReturnsTheFirstValueThatMeetsTheCondition() throws Exception {
    assertThat(await(Duration.ofSeconds(10), "four", tries::incrementAndGet, n -> n >= 4))
        .isEqualTo(4);
  }

  @Test
  void awaitFailsNamingWhatItWaitedForAndTheLastValue() {
    assertThatThrownBy(() -> await(Duration.ofMillis(100), "a negative count", () -> 7, n -> n < 0))
        .isInstanceOf(AssertionError.class)
        .hasMessage("not within PT0.1S: a negative count; the last value read: 7");
  }

  @Test
  void untilTellsHowLongTheWaitTook() throws Exception {
    long start = System.nanoTime();
    Duration took =
        until(
            Duration.ofSeconds(10),
            "200 ms passed",
            () -> System.nanoTime() - start >= Duration.ofMillis(200).toNanos());

    assertThat(took).isBetween(Duration.ofMillis(150), Duration.ofSeconds(5));
  }
}
