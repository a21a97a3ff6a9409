package io.moi.tree.entity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class InfoTest {

  private static final String CREATED = "2015-06-01 15:46:49.977480";

  private static JsonObject parse(String json) {
    return Json.createReader(new StringReader(json)).readObject();
  }

  @Test
  void newJobHasExactlyTheTwelveFieldsWithNullsPresent() {
    var job = Info.newJob("j1", "hello", "g1", "default", null, CREATED);
    JsonObject json = parse(job.toJson());
    assertThat(json.keySet())
        .containsExactly(
            "id",
            "name",
            "type",
            "pubsub",
            "url",
            "parent",
            "context",
            "status",
            "result",
            "date_created",
            "date_start",
            "date_end");
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
    var ended =
        Info.newJob("j1", "n", "g1", "gpu", "/r", CREATED)
            .started("2015-06-01 15:46:50.977480")
            .ended("Success", result, "2015-06-01 15:46:51");
    assertThat(Info.fromJson(ended.toJson())).isEqualTo(ended);
    assertThat(ended.toJsonObject().getJsonArray("result").getString(0)).isEqualTo("out");
  }

  @Test
  void readsDatesWithoutFractionAndNamesThatAreNotStrings() {
    var info =
        Info.fromJson(
            """
        {"id":"x","name":{"label":"a"},"type":"job","pubsub":"x:pubsub","url":null,
         "parent":"g","context":"default","status":"Running","result":null,
         "date_created":"2015-06-01 15:46:49","date_start":null,"date_end":null}""");
    assertThat(info.dateCreated()).isEqualTo("2015-06-01 15:46:49");
    assertThat(info.toJsonObject().getString("date_created")).isEqualTo("2015-06-01 15:46:49");
    assertThat(info.nameText()).isEqualTo("{\"label\":\"a\"}");
    assertThat(info.result()).isNull();
  }

  @Test
  void rejectsDatesInNeitherForm() {
    assertThatThrownBy(
            () ->
                Info.fromJson(
                    """
        {"id": "x", "name": "n", "type": "job", "pubsub": "x:pubsub", "url": null, "parent": "g",
         "context": "default", "status": "Queued", "result": null,
         "date_created": "2015-06-01T15:46:49", "date_start": null, "date_end": null}"""))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void bothFormsOfADateSortByTheTimeTheyName() {
    var whole = Info.newJob("whole", "n", "g", "default", null, "2026-12-02 10:00:00");
    var later = Info.newJob("later", "n", "g", "default", null, "2026-12-02 10:00:00.000001");
    var earlier = Info.newJob("earlier", "n", "g", "default", null, "2026-12-02 09:59:59.999999");
    var next = Info.newJob("next", "n", "g", "default", null, "2026-12-02 10:00:01");
    var none = Info.newJob("none", "n", "g", "default", null, null);

    var sorted = new java.util.ArrayList<>(java.util.List.of(next, later, whole, none, earlier));
    sorted.sort(Info.BY_CREATION);

    assertThat(sorted)
        .extracting(Info::id)
        .containsExactly("none", "earlier", "whole", "later", "next");
  }

  @Test
  void rejectsWhatIsNotAnInfoObject() {
    assertThatThrownBy(() -> Info.fromJson("[1,2]")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Info.fromJson("{\"name\":\"no id\"}"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Info.fromJson("not json"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aNodeWithoutANameHasNoNameTextAndAStringNameIsItsContent() {
    assertThat(Info.newGroup("g1", null, null, CREATED).nameText()).isNull();
    assertThat(Info.newGroup("g1", "alice \"a\"", null, CREATED).nameText())
        .isEqualTo("alice \"a\"");
  }

  @Test
  void withStatusChangesTheStatusAndNothingElse() {
    var job = Info.newJob("j1", "n", "g1", "gpu", "/r", CREATED);
    var cancelled = job.withStatus("Cancelled");

    assertThat(cancelled.status()).isEqualTo("Cancelled");
    assertThat(cancelled.withStatus("Queued")).isEqualTo(job);
  }
}
