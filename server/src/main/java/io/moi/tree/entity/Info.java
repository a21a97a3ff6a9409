package io.moi.tree.entity;

import io.moi.redis.RedisKeys;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import java.io.StringReader;
import java.util.Comparator;

/**
 * A node's info object: exactly the 12 fields of protocol section 3, unset ones as null. {@code
 * name} and {@code result} are any JSON value; the others are strings or null.
 */
public record Info(
    String id,
    JsonValue name,
    String type,
    String pubsub,
    String url,
    String parent,
    String context,
    String status,
    JsonValue result,
    String dateCreated,
    String dateStart,
    String dateEnd) {

  public static final String JOB = "job";
  public static final String GROUP = "group";
  public static final String DEFAULT_CONTEXT = "default";

  /**
   * Oldest first, nodes without a creation date first. Both written forms of a date (with and
   * without a fraction) order correctly as text: the fields have fixed widths, and a date without a
   * fraction is a prefix of the same second with one.
   */
  public static final Comparator<Info> BY_CREATION =
      Comparator.comparing(Info::dateCreated, Comparator.nullsFirst(Comparator.naturalOrder()));

  // JsonProvider.provider() searches the class path on every call: look it up once.
  static final JsonProvider JSON = JsonProvider.provider();

  public Info {
    name = JsonValue.NULL.equals(name) ? null : name;
    result = JsonValue.NULL.equals(result) ? null : result;
  }

  public static Info newJob(
      String id, String name, String parent, String context, String url, String now) {
    return new Info(
        id,
        text(name),
        JOB,
        RedisKeys.pubsub(id),
        url,
        parent,
        context,
        "Queued",
        null,
        now,
        null,
        null);
  }

  public static Info newGroup(String id, String name, String parent, String now) {
    return new Info(
        id,
        text(name),
        GROUP,
        RedisKeys.pubsub(id),
        null,
        parent,
        DEFAULT_CONTEXT,
        null,
        null,
        now,
        null,
        null);
  }

  public boolean isGroup() {
    return GROUP.equals(type);
  }

  /** The name as display text: a JSON string's content, any other value as JSON. */
  public String nameText() {
    if (name == null) {
      return null;
    }
    return name instanceof JsonString s ? s.getString() : name.toString();
  }

  public Info withStatus(String newStatus) {
    return new Info(
        id,
        name,
        type,
        pubsub,
        url,
        parent,
        context,
        newStatus,
        result,
        dateCreated,
        dateStart,
        dateEnd);
  }

  public Info started(String when) {
    return new Info(
        id,
        name,
        type,
        pubsub,
        url,
        parent,
        context,
        "Running",
        result,
        dateCreated,
        when,
        dateEnd);
  }

  /** The job back in its queue: Queued again, as if it had not started. */
  public Info requeued() {
    return new Info(
        id, name, type, pubsub, url, parent, context, "Queued", null, dateCreated, null, null);
  }

  public Info ended(String terminalStatus, JsonValue value, String when) {
    return new Info(
        id,
        name,
        type,
        pubsub,
        url,
        parent,
        context,
        terminalStatus,
        value,
        dateCreated,
        dateStart,
        when);
  }

  public JsonObject toJsonObject() {
    JsonObjectBuilder b = JSON.createObjectBuilder();
    b.add("id", id);
    put(b, "name", name);
    b.add("type", type);
    b.add("pubsub", pubsub);
    put(b, "url", text(url));
    put(b, "parent", text(parent));
    b.add("context", context);
    put(b, "status", text(status));
    put(b, "result", result);
    put(b, "date_created", text(dateCreated));
    put(b, "date_start", text(dateStart));
    put(b, "date_end", text(dateEnd));
    return b.build();
  }

  public String toJson() {
    return toJsonObject().toString();
  }

  /**
   * The {@code type} of an info object's text ({@link #JOB}, {@link #GROUP} or what a third party
   * wrote), read without building the object: null when the text is no JSON object with a string
   * {@code type}. For walks that only need a tree's shape, at a tenth of {@link #fromJson}'s cost.
   */
  public static String typeOf(String json) {
    try (JsonParser parser = JSON.createParser(new StringReader(json))) {
      if (!parser.hasNext() || parser.next() != JsonParser.Event.START_OBJECT) {
        return null;
      }
      while (parser.hasNext()) {
        if (parser.next() != JsonParser.Event.KEY_NAME) {
          return null; // the object's end
        }
        String key = parser.getString();
        JsonParser.Event value = parser.next();
        if (key.equals("type")) {
          return value == JsonParser.Event.VALUE_STRING ? parser.getString() : null;
        }
        if (value == JsonParser.Event.START_OBJECT) {
          parser.skipObject();
        } else if (value == JsonParser.Event.START_ARRAY) {
          parser.skipArray();
        }
      }
      return null;
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** Reads an info object; throws IllegalArgumentException when it is not one. */
  public static Info fromJson(String json) {
    try (var reader = JSON.createReader(new StringReader(json))) {
      return fromJsonObject(reader.readObject());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not an info object: " + e.getMessage(), e);
    }
  }

  public static Info fromJsonObject(JsonObject o) {
    String id = o.getString("id");
    String context =
        o.isNull("context") ? DEFAULT_CONTEXT : o.getString("context", DEFAULT_CONTEXT);
    return new Info(
        id,
        o.get("name"),
        o.getString("type"),
        o.getString("pubsub", RedisKeys.pubsub(id)),
        string(o, "url"),
        string(o, "parent"),
        context,
        string(o, "status"),
        o.get("result"),
        Dates.checked(string(o, "date_created")),
        Dates.checked(string(o, "date_start")),
        Dates.checked(string(o, "date_end")));
  }

  private static String string(JsonObject o, String field) {
    JsonValue v = o.get(field);
    return v instanceof JsonString s ? s.getString() : null;
  }

  private static JsonValue text(String s) {
    return s == null ? null : JSON.createValue(s);
  }

  private static void put(JsonObjectBuilder b, String field, JsonValue value) {
    b.add(field, value == null ? JsonValue.NULL : value);
  }
}
