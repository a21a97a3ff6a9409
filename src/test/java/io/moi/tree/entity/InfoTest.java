package io.moi.tree.entity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

class InfoTest {

  private static final LocalDateTime CREATED = LocalDateTime.of(2015, 6, 1, 15, 46, 49, 977_480_000);

  private static JsonObject parse(String json) {
    return Json.createReader(new StringReader(json)).readObject();
  }

  @Test
  void newJobHasExactlyTheTwelveFieldsWithNullsPresent() {
    var job = Info.newJob("j1", "hello", "g1", "default", null, CREATED);
    JsonObject json = parse(job.toJson());
    assertThat(json.keySet())
        .containsExactly("id", "name", "type", "pubsub", "url", "parent", "context", "status",
            "result", "date_created", "date_start", "date_end");
    assertThat(json.getString("pubsub")).isEqualTo("j1:pubsub");
    assertThat(json.getString("status")).isEqualTo("Queued");
    assertThat(json.getString("date_created")).isEqualTo("2015-06-01 15:46:49.977480");
    assertThat(json.get("url")).isEqualTo(JsonValue.NULL);
    assertThat(json.get("result")).isEqualTo(JsonValue.NULL);
    assertThat(json.get("date_start")).isEqualTo(JsonValue.NULL);
  }

  @Test
  void groupHasNoStatusAndNoResult() {
    JsonObject json = parse(Info.newGroup("g1", "alice", null, CREATED).toJson());
    assertThat(json.getString("type")).isEqualTo("group");
    assertThat(json.get("status")).isEqualTo(JsonValue.NULL);
    assertThat(json.get("parent")).isEqualTo(JsonValue.NULL);
    assertThat(json.getString("context")).isEqualTo("default");
  }

  @Test
  void roundTripKeepsEveryFieldAndAnyJsonResult() {
    var result = Json.createArrayBuilder().add("out").add("").add(0).build();
    var ended = Info.newJob("j1", "n", "g1", "gpu", "/r", CREATED)
        .started(CREATED.plusSeconds(1))
        .ended("Success", result, CREATED.plusSeconds(2));
    assertThat(Info.fromJson(ended.toJson())).isEqualTo(ended);
    assertThat(ended.toJsonObject().getJsonArray("result").getString(0)).isEqualTo("out");
  }

  @Test
  void readsDatesWithoutFractionAndNamesThatAreNotStrings() {
    var info = Info.fromJson("""
        {"id":"x","name":{"label":"a"},"type":"job","pubsub":"x:pubsub","url":null,
         "parent":"g","context":"default","status":"Running","result":null,
         "date_created":"2015-06-01 15:46:49","date_start":null,"date_end":null}""");
    assertThat(info.dateCreated()).isEqualTo(LocalDateTime.of(2015, 6, 1, 15, 46, 49));
    assertThat(info.nameText()).isEqualTo("{\"label\":\"a\"}");
    assertThat(info.result()).isNull();
  }

  @Test
  void rejectsWhatIsNotAnInfoObject() {
    assertThatThrownBy(() -> Info.fromJson("[1,2]")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Info.fromJson("{\"name\":\"no id\"}"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Info.fromJson("not json")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aNodeWithoutANameHasNoNameTextAndAStringNameIsItsContent() {
    assertThat(Info.newGroup("g1", null, null, CREATED).nameText()).isNull();
    assertThat(Info.newGroup("g1", "alice \"a\"", null, CREATED).nameText()).isEqualTo("alice \"a\"");
  }

  @Test
  void withStatusChangesTheStatusAndNothingElse() {
    var job = Info.newJob("j1", "n", "g1", "gpu", "/r", CREATED);
    var cancelled = job.withStatus("Cancelled");

    assertThat(cancelled.status()).isEqualTo("Cancelled");
    assertThat(cancelled.withStatus("Queued")).isEqualTo(job);
  }
}
