package io.moi.changes.entity;

import io.moi.api.JsonText;
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
import java.util.Objects;
import java.util.Set;

/**
 * The one text format of change messages: a JSON object whose keys are actions and whose values are
 * arrays of IDs ({@code {"update": ["<id>"]}}). Pub/sub messages and the frames browsers send are
 * both written this way; what cannot be read as such is refused with a reason, to be logged and
 * ignored.
 */
public final class Messages {

  /** The actions a pub/sub message may carry: the system publishes the first three. */
  public static final Set<String> PUBLISHED = Set.of("add", "update", "remove", "get");

  private static final JsonProvider JSON = JsonProvider.provider();

  private Messages() {}

  /** {@code {"<action>": ["<id>", ...]}}. */
  public static String of(String action, String... ids) {
    var out = JsonText.quote(new StringBuilder(16 + 40 * ids.length).append('{'), action);
    out.append(":[");
    for (int i = 0; i < ids.length; i++) {
      JsonText.quote(out.append(i == 0 ? "" : ","), Objects.requireNonNull(ids[i], "id"));
    }
    return out.append("]}").toString();
  }

  /**
   * Reads {@code {"action": ["id", ...], ...}} where every action is one of {@code allowed}; a
   * single string stands for a one-element list and null for an empty one. Throws
   * IllegalArgumentException naming what is wrong.
   */
  public static Map<String, List<String>> read(String text, Set<String> allowed) {
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
    object.forEach(
        (action, value) -> {
          if (!allowed.contains(action)) {
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
