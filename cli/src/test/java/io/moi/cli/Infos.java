package io.moi.cli;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

/** Info objects for tests, with all 12 fields as the server writes them. */
final class Infos {

  private Infos() {}

  static JsonObjectBuilder job(String id, String name, String status) {
    return Json.createObjectBuilder()
        .add("id", id)
        .add("name", name)
        .add("type", "job")
        .add("pubsub", id + ":pubsub")
        .add("url", JsonValue.NULL)
        .add("parent", "ac97957a-a658-47c8-bfaf-08d965b3e745")
        .add("context", "default")
        .add("status", status)
        .add("result", JsonValue.NULL)
        .add("date_created", "2015-06-01 15:46:49.977480")
        .add("date_start", JsonValue.NULL)
        .add("date_end", JsonValue.NULL);
  }

  static JsonObject withStatus(JsonObject info, String status) {
    JsonObjectBuilder changed = Json.createObjectBuilder(info).add("status", status);
    if (status.equals("Success")) {
      changed
          .add("result", 15)
          .add("date_start", "2015-06-01 15:46:49.981620")
          .add("date_end", "2015-06-01 15:46:49.981942");
    } else if (status.equals("Failed")) {
      changed
          .add("result", "ValueError: could not convert string to float: 'crash'")
          .add("date_start", "2015-06-01 15:46:49.981620")
          .add("date_end", "2015-06-01 15:46:49.981942");
    }
    return changed.build();
  }
}
