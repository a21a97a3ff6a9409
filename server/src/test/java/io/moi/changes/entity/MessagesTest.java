package io.moi.changes.entity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MessagesTest {

  @Test
  void aMessageIsAnObjectOfOneActionAndItsIds() {
    assertThat(Messages.of("update", "job")).isEqualTo("{\"update\":[\"job\"]}");
    assertThat(Messages.of("add", "a", "b")).isEqualTo("{\"add\":[\"a\",\"b\"]}");
  }

  @Test
  void aMessageIsWrittenAsJakartaJsonProcessingWritesIt() {
    var json = jakarta.json.spi.JsonProvider.provider();
    String id = "odd \"id\" \\ \n\u0001 é";

    assertThat(Messages.of("remove", id, "b"))
        .isEqualTo(
            json.createObjectBuilder()
                .add("remove", json.createArrayBuilder().add(id).add("b"))
                .build()
                .toString());
    assertThat(Messages.of("get")).isEqualTo("{\"get\":[]}");
  }

  @Test
  void whatIsWrittenReadsBack() {
    assertThat(Messages.read(Messages.of("remove", "x", "y"), Messages.PUBLISHED))
        .containsExactly(Map.entry("remove", List.of("x", "y")));
  }

  @Test
  void aPublishedMessageMayAskForNodesButNotCloseAConnection() {
    assertThat(Messages.read("{\"get\": []}", Messages.PUBLISHED)).containsEntry("get", List.of());
    assertThatThrownBy(() -> Messages.read("{\"close\": null}", Messages.PUBLISHED))
        .hasMessage("unknown action 'close'");
  }

  @Test
  void onlyTheActionsAllowedAreRead() {
    assertThatThrownBy(() -> Messages.read("{\"add\": [\"a\"]}", Set.of("get")))
        .hasMessage("unknown action 'add'");
  }
}
