package io.moi.schedules.entity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Cron rules read in their zone, daylight saving changes included. */
class CronRuleTest {

  private static Instant at(String utc) {
    return Instant.parse(utc);
  }

  @Test
  void theNextTimeIsStrictlyAfterAndReadInTheZone() {
    var everyMinute = CronRule.of("* * * * *", null);
    assertThat(everyMinute.zone().getId()).isEqualTo("UTC");
    assertThat(everyMinute.nextAfter(at("2026-12-03T10:00:00Z")))
        .contains(at("2026-12-03T10:01:00Z"));
    assertThat(everyMinute.nextAfter(at("2026-12-03T10:00:00.003Z")))
        .contains(at("2026-12-03T10:01:00Z"));

    var tokyoNoon = CronRule.of("0 12 * * *", "Asia/Tokyo");
    assertThat(tokyoNoon.nextAfter(at("2026-12-03T10:00:00Z")))
        .contains(at("2026-12-04T03:00:00Z"));
  }

  @Test
  void theLatestTimeIncludesTheMomentItself() {
    var everyFive = CronRule.of("*/5 * * * *", "UTC");
    assertThat(everyFive.latestAtOrBefore(at("2026-12-03T10:05:00Z")))
        .contains(at("2026-12-03T10:05:00Z"));
    assertThat(everyFive.latestAtOrBefore(at("2026-12-03T10:05:00.010Z")))
        .contains(at("2026-12-03T10:05:00Z"));
    assertThat(everyFive.latestAtOrBefore(at("2026-12-03T10:09:59Z")))
        .contains(at("2026-12-03T10:05:00Z"));
  }

  @Test
  void aLocalTimeFollowsDaylightSavingTime() {
    var paris = CronRule.of("30 2 * * *", "Europe/Paris");
    // Winter: UTC+1; summer: UTC+2.
    assertThat(paris.nextAfter(at("2026-12-03T10:00:00Z"))).contains(at("2026-12-04T01:30:00Z"));
    assertThat(paris.nextAfter(at("2026-07-01T10:00:00Z"))).contains(at("2026-07-02T00:30:00Z"));
    // The night the clocks go forward (2026-03-29), 02:30 does not exist in Paris: skipped.
    assertThat(paris.nextAfter(at("2026-03-28T12:00:00Z"))).contains(at("2026-03-30T00:30:00Z"));
    // The night they go back (2026-10-25) it exists twice, and fires once.
    assertThat(paris.nextAfter(at("2026-10-24T12:00:00Z"))).contains(at("2026-10-25T00:30:00Z"));
    assertThat(paris.nextAfter(at("2026-10-25T00:30:00Z"))).contains(at("2026-10-26T01:30:00Z"));
  }

  @Test
  void badRulesAndZonesAreRefusedNamingTheField() {
    assertThatThrownBy(() -> CronRule.of("* * * * * *", "UTC"))
        .hasMessageStartingWith("field 'cron'");
    assertThatThrownBy(() -> CronRule.of("0 25 * * *", "UTC"))
        .hasMessageStartingWith("field 'cron'");
    assertThatThrownBy(() -> CronRule.of("", "UTC"))
        .hasMessageStartingWith("field 'cron' is required");
    assertThatThrownBy(() -> CronRule.of("* * * * *", "Europe/Atlantis"))
        .hasMessageStartingWith("field 'zone'");
    assertThatThrownBy(() -> CronRule.of("* * * * *", "+25:00"))
        .hasMessageStartingWith("field 'zone'");
  }
}
