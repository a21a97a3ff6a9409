package io.moi.live.entity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ActionTest {

  @Test
  void theActionsOfAFrameAreTheFiveOfTheProtocolAndNothingElse() {
    assertThat(Frames.ACTIONS).containsExactlyInAnyOrder("add", "get", "update", "remove", "close");
    for (String name : Frames.ACTIONS) {
      assertThat(Action.named(name)).get().extracting(Action::text).isEqualTo(name);
    }
    assertThat(Action.named("ADD")).isEmpty();
    assertThat(Action.named("bogus")).isEmpty();
  }
}
