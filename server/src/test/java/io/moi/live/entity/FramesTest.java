package io.moi.live.entity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.moi.tree.entity.Info;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FramesTest {

  @Test
  void aFrameToClientsHasTheActionAsItsOneKeyAndTheWholeInfoAsItsValue() {
    Info info = Info.newGroup("g1", "name <b>", null, "2026-12-02 10:00:00.000000");
    assertThat(Frames.of("get", info)).isEqualTo("{\"get\":" + info.toJson() + "}");
    assertThat(Frames.ofJson("update", "{\"id\":\"x\"}")).isEqualTo("{\"update\":{\"id\":\"x\"}}");
  }

  @Test
  void actionsAreReadAsListsOfIdsInTheirOrder() {
    assertThat(
            Frames.actions(
                "{\"get\": [\"a\", \"b\"], \"remove\": \"c\", \"close\": null, \"add\": []}"))
        .containsExactly(
            Map.entry("get", List.of("a", "b")),
            Map.entry("remove", List.of("c")),
            Map.entry("close", List.of()),
            Map.entry("add", List.of()));
  }

  @Test
  void whatIsNotAnObjectOfActionsIsRefusedSayingWhy() {
    assertThatThrownBy(() -> Frames.actions("not json")).hasMessageStartingWith("not JSON: ");
    assertThatThrownBy(() -> Frames.actions("[1]")).hasMessage("not a JSON object");
    assertThatThrownBy(() -> Frames.actions("\"text\"")).hasMessage("not a JSON object");
    assertThatThrownBy(() -> Frames.actions("{\"bogus\": []}"))
        .hasMessage("unknown action 'bogus'");
    assertThatThrownBy(() -> Frames.actions("{\"get\": 5}"))
        .hasMessage("'get' needs an array of IDs");
    assertThatThrownBy(() -> Frames.actions("{\"get\": [1]}"))
        .hasMessage("'get' needs an array of strings");
  }
}
