package io.moi.changes.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.moi.changes.entity.Messages;
import org.junit.jupiter.api.Test;

class OwnUpdatesTest {

  private final OwnUpdates own = new OwnUpdates();
  private final String update = Messages.of("update", "job");

  @Test
  void eachOwnUpdatesMessageIsRecognisedOnceAndNoOtherIs() {
    assertThat(own.isEcho("job", update)).as("nothing written yet: a third party's").isFalse();
    own.expect("job");
    own.expect("job");
    assertThat(own.isEcho("job", Messages.of("add", "job"))).isFalse();
    assertThat(own.isEcho("other", Messages.of("update", "other"))).isFalse();
    assertThat(own.isEcho("job", update)).isTrue();
    assertThat(own.isEcho("job", update)).isTrue();
    assertThat(own.isEcho("job", update)).as("a third party's, after both of ours").isFalse();
  }

  @Test
  void aFailedWriteOrALostConnectionIsForgotten() {
    own.expect("job");
    own.cancel("job");
    assertThat(own.isEcho("job", update)).isFalse();
    own.expect("job");
    own.forget();
    assertThat(own.isEcho("job", update)).isFalse();
  }

  @Test
  void cancellingSaysWhetherTheMessageWasStillToComeBack() {
    own.expect("job");
    assertThat(own.cancel("job")).as("not back yet: the relay will read it").isTrue();
    own.expect("job");
    assertThat(own.isEcho("job", update)).isTrue();
    assertThat(own.cancel("job")).as("already passed over as ours").isFalse();
  }
}
