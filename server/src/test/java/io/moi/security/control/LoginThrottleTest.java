package io.moi.security.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The brake on password guessing: per name, per address, whichever is longer. */
class LoginThrottleTest {

  private Instant now = Instant.parse("2026-03-01T10:00:00Z");

  // The server's System.Logger goes to java.util.logging, as in Payara.
  private final Logger log = Logger.getLogger(LoginThrottle.class.getName());
  private final List<LogRecord> warnings = new ArrayList<>();
  private final Handler recorder =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          if (record.getLevel() == Level.WARNING) {
            warnings.add(record);
          }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  @BeforeEach
  void record() {
    log.addHandler(recorder);
  }

  @AfterEach
  void stopRecording() {
    log.removeHandler(recorder);
  }

  private LoginThrottle throttle(int freePerUser, int freePerAddress) {
    return ControlBeans.throttle(freePerUser, freePerAddress, "30s", () -> now);
  }

  @Test
  void aNamesWrongPasswordsFromManyAddressesCloseItEverywhere() {
    var throttle = throttle(2, 100);
    assertThat(throttle.failed("alice", "10.0.0.1")).isZero();
    assertThat(throttle.failed("alice", "10.0.0.2")).isZero();

    assertThat(throttle.failed("alice", "10.0.0.3")).isEqualTo(Duration.ofSeconds(1));

    assertThat(throttle.wait("alice", "10.0.0.4")).isEqualTo(Duration.ofSeconds(1));
    assertThat(throttle.wait("bob", "10.0.0.3")).isZero();
  }

  @Test
  void anAddressTryingManyNamesIsClosedForEveryName() {
    var throttle = throttle(100, 3);
    for (String name : List.of("ann", "ben", "cid")) {
      assertThat(throttle.failed(name, "10.0.0.9")).isZero();
    }

    assertThat(throttle.failed("dan", "10.0.0.9")).isEqualTo(Duration.ofSeconds(1));

    assertThat(throttle.wait("eve", "10.0.0.9")).isEqualTo(Duration.ofSeconds(1));
    assertThat(throttle.wait("eve", "10.0.0.10")).isZero();
  }

  @Test
  void theLongerOfTheNamesAndTheAddresssWaitsCounts() {
    var throttle = throttle(0, 0);
    throttle.failed("alice", "10.0.0.1"); // both closed for 1 s
    now = now.plusSeconds(1);

    // alice's second closing (2 s) against a new address's first (1 s)
    assertThat(throttle.failed("alice", "10.0.0.2")).isEqualTo(Duration.ofSeconds(2));
    assertThat(throttle.wait("alice", "10.0.0.2")).isEqualTo(Duration.ofSeconds(2));
    // a new name's first (1 s) against the first address's second (2 s)
    assertThat(throttle.failed("bob", "10.0.0.1")).isEqualTo(Duration.ofSeconds(2));
    assertThat(throttle.wait("bob", "10.0.0.1")).isEqualTo(Duration.ofSeconds(2));
    assertThat(throttle.wait("carol", "10.0.0.3")).isZero();
  }

  @Test
  void aRightPasswordClearsTheNamesCountButNotTheAddresss() {
    var throttle = throttle(1, 1);
    throttle.failed("alice", "10.0.0.1");

    throttle.succeeded("alice");

    assertThat(throttle.failed("alice", "10.0.0.2")).as("alice counts from zero again").isZero();
    assertThat(throttle.failed("bob", "10.0.0.1"))
        .as("the address still counts")
        .isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void freeFailuresAreNotLoggedAndAClosingIsWithTheNameMadePrintable() {
    var throttle = throttle(1, 100);
    String forged = "mallory\n2026-03-01 INFO login of admin succeeded" + "x".repeat(60);
    throttle.failed(forged, "10.0.0.1");
    assertThat(warnings).isEmpty();

    throttle.failed(forged, "10.0.0.1");

    assertThat(warnings).hasSize(1);
    String line = new SimpleFormatter().formatMessage(warnings.get(0));
    assertThat(line)
        .doesNotContain("\n")
        .contains("mallory?2026-03-01 INFO", "from 10.0.0.1", "next attempt in 1 s");
    assertThat(line)
        .contains(forged.substring(0, 64).replace('\n', '?') + "...")
        .doesNotContain("x".repeat(60));
  }

  @Test
  void aNameOfUpTo64CharactersIsLoggedWhole() {
    var throttle = throttle(0, 100);
    String longest = "a".repeat(64);

    throttle.failed(longest, "10.0.0.1");

    assertThat(new SimpleFormatter().formatMessage(warnings.get(0)))
        .contains("user " + longest + " or")
        .doesNotContain("...");
  }
}
