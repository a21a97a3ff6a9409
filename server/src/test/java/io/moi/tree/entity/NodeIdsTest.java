package io.moi.tree.entity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NodeIdsTest {

  @Test
  void randomIdsAreVersionFourUuids() {
    assertThat(UUID.fromString(NodeIds.random()).version()).isEqualTo(4);
  }

  @ParameterizedTest
  @ValueSource(strings = {"no-user", "job_42", "a.b-c", "ünï"})
  void acceptsPrintableIdsWithoutSpaces(String id) {
    assertThat(NodeIds.check(id)).isEqualTo(id);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "has space",
        "tab\there",
        "line\nbreak",
        "user-id-map",
        "moi:queue",
        "g:jobs",
        "g:children",
        "g:pubsub"
      })
  void refusesEmptyUnprintableAndReservedIds(String id) {
    assertThatThrownBy(() -> NodeIds.check(id)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesIdsLongerThan256Characters() {
    assertThat(NodeIds.check("x".repeat(256))).hasSize(256);
    assertThatThrownBy(() -> NodeIds.check("x".repeat(257))).hasMessageContaining("at most 256");
  }
}
