package io.moi.tree.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RecentRefreshesTest {

  private final AtomicLong now = new AtomicLong(1_000);
  private final RecentRefreshes refreshes = new RecentRefreshes(now::get);

  @Test
  void theSlackIsATenthOfTheRetentionAtMostAMinuteAndNoneBelowTenSeconds() {
    assertThat(RecentRefreshes.slackSeconds(14 * 24 * 3600)).isEqualTo(60);
    assertThat(RecentRefreshes.slackSeconds(300)).isEqualTo(30);
    assertThat(RecentRefreshes.slackSeconds(10)).isEqualTo(1);
    assertThat(RecentRefreshes.slackSeconds(9)).isZero();
  }

  @Test
  void anAncestorIsDueAgainOnlyAfterHalfTheSlack() {
    assertThat(refreshes.due(List.of("group", "root"), 60)).containsExactly("group", "root");
    now.addAndGet(TimeUnit.SECONDS.toNanos(29));
    assertThat(refreshes.due(List.of("group", "root"), 60)).isEmpty();
    assertThat(refreshes.due(List.of("other", "root"), 60)).containsExactly("other");
    now.addAndGet(TimeUnit.SECONDS.toNanos(1));
    assertThat(refreshes.due(List.of("group", "root"), 60)).containsExactly("group", "root");
  }

  @Test
  void withoutSlackEveryWriteRefreshes() {
    assertThat(refreshes.due(List.of("group", "root"), 0)).containsExactly("group", "root");
    assertThat(refreshes.due(List.of("group", "root"), 0)).containsExactly("group", "root");
  }

  @Test
  void aForgottenRefreshIsDueAtOnce() {
    refreshes.due(List.of("group", "root"), 60);
    refreshes.forget(List.of("group"));
    assertThat(refreshes.due(List.of("group", "root"), 60)).containsExactly("group");
  }
}
