package io.moi.live.entity;

import io.moi.tree.entity.Info;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Websocket frames and pub/sub messages. Both are JSON objects whose keys are actions; what
 * cannot be read as such is refused with a reason, to be logged and ignored.
 */
public final class Frames {

  public static final Set<String> ACTIONS = Set.of("add", "get", "update", "remove", "close");
  private static final JsonProvider JSON = JsonProvider.provider();

  private Frames() {}

  /** The frame sent to clients: {@code {"<action>": info}}. */
  public static String of(String action, Info info) {
    return ofJson(action, info.toJson());
  }

  /** The same frame, from the info object's JSON text. */
  public static String ofJson(String action, String infoJson) {
    return "{\"" + action + "\":" + infoJson + "}";
  }

  /**
   * Reads {@code {"action": ["id", ...], ...}}; a single string stands for a one-element list
   * and null for an empty one. Throws IllegalArgumentException naming what is wrong.
   */
  public static Map<String, List<String>> actions(String text) {
    JsonObject object;
    try (var reader = JSON.createReader(new StringReader(text))) {
      JsonValue value = reader.readValue();
      if (!(value instanceof JsonObject o)) {
        throw new IllegalArgumentException("not a JSON object");
      }
      object = o;
    } catch (RuntimeException e) {
      if (e instanceof IllegalArgumentException refused) {
        throw refused;
      }
      throw new IllegalArgumentException("not JSON: " + e.getMessage());
    }
    Map<String, List<String>> actions = new LinkedHashMap<>();
    object.forEach((action, value) -> {
      if (!ACTIONS.contains(action)) {
        throw new IllegalArgumentException("unknown action '" + action + "'");
      }
      actions.put(action, ids(action, value));
    });
    return actions;
  }

  private static List<String> ids(String action, JsonValue value) {
    List<String> ids = new ArrayList<>();
    if (value == null || value == JsonValue.NULL) {
      return ids;
    }
    if (value instanceof JsonString s) {
      ids.add(s.getString());
      return ids;
    }
    if (!(value instanceof JsonArray array)) {
      throw new IllegalArgumentException("'" + action + "' needs an array of IDs");
    }
    for (JsonValue item : array) {
      if (!(item instanceof JsonString s)) {
        throw new IllegalArgumentException("'" + action + "' needs an array of strings");
      }
      ids.add(s.getString());
    }
    return ids;
  }
}
