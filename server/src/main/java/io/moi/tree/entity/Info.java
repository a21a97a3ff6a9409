package io.moi.tree.entity;

import io.moi.api.JsonText;
import io.moi.redis.RedisKeys;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import java.io.StringReader;
import java.util.Comparator;
import java.util.List;

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

  /** The two statuses a job ends with (protocol section 3). */
  public static final String SUCCESS = "Success";

  public static final String FAILED = "Failed";

  /**
   * Oldest first, nodes without a creation date first. Both written forms of a date (with and
   * without a fraction) order correctly as text: the fields have fixed widths, and a date without a
   * fraction is a prefix of the same second with one.
   */
  public static final Comparator<String> CREATION_DATES =
      Comparator.nullsFirst(Comparator.naturalOrder());

  /** Nodes in the order of {@link #CREATION_DATES}. */
  public static final Comparator<Info> BY_CREATION =
      Comparator.comparing(Info::dateCreated, CREATION_DATES);

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

  /** Whether the node is a job that has ended. */
  public boolean hasEnded() {
    return !isGroup() && isEnd(status);
  }

  /** Whether a job's status is one of its two ends, {@link #SUCCESS} and {@link #FAILED}. */
  public static boolean isEnd(String status) {
    return SUCCESS.equals(status) || FAILED.equals(status);
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

  /**
   * The info object's JSON text, the same characters as {@code toJsonObject().toString()}: written
   * directly, since every stored change and every websocket frame writes one (a third of the cost).
   */
  public String toJson() {
    var out = new StringBuilder(320);
    out.append("{\"id\":");
    JsonText.quote(out, id);
    out.append(",\"name\":").append(name == null ? "null" : name.toString());
    out.append(",\"type\":");
    JsonText.quote(out, type);
    out.append(",\"pubsub\":");
    JsonText.quote(out, pubsub);
    out.append(",\"url\":");
    JsonText.quote(out, url);
    out.append(",\"parent\":");
    JsonText.quote(out, parent);
    out.append(",\"context\":");
    JsonText.quote(out, context);
    out.append(",\"status\":");
    JsonText.quote(out, status);
    out.append(",\"result\":").append(result == null ? "null" : result.toString());
    out.append(",\"date_created\":");
    JsonText.quote(out, dateCreated);
    out.append(",\"date_start\":");
    JsonText.quote(out, dateStart);
    out.append(",\"date_end\":");
    JsonText.quote(out, dateEnd);
    return out.append('}').toString();
  }

  /** The info objects as one JSON array's text, in their order. */
  public static String toJson(List<Info> infos) {
    var out = new StringBuilder(2 + 320 * infos.size()).append('[');
    for (int i = 0; i < infos.size(); i++) {
      out.append(i == 0 ? "" : ",").append(infos.get(i).toJson());
    }
    return out.append(']').toString();
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
        skip(value, parser);
      }
      return null;
    } catch (RuntimeException e) {
      return null;
    }
  }

  /**
   * Passes over the value that begins with {@code event}. The parser's own skipObject and skipArray
   * never come back from a text that ends inside the value: this fails there, as next() does.
   */
  private static void skip(JsonParser.Event event, JsonParser parser) {
    if (event != JsonParser.Event.START_OBJECT && event != JsonParser.Event.START_ARRAY) {
      return;
    }
    for (int depth = 1; depth > 0; ) {
      switch (parser.next()) {
        case START_OBJECT, START_ARRAY -> depth++;
        case END_OBJECT, END_ARRAY -> depth--;
        default -> {
          // a key or a value inside
        }
      }
    }
  }

  /**
   * Reads an info object; throws IllegalArgumentException when it is not one. It reads the text as
   * {@link #fromJsonObject} reads the object (the last of repeated keys counts, other keys are
   * passed over), without building the object: every node read from Redis goes through here.
   */
  public static Info fromJson(String json) {
    try (JsonParser parser = JSON.createParser(new StringReader(json))) {
      if (!parser.hasNext() || parser.next() != JsonParser.Event.START_OBJECT) {
        throw new IllegalArgumentException("not an info object: not a JSON object");
      }
      var fields = new Fields();
      for (JsonParser.Event key = parser.next();
          key != JsonParser.Event.END_OBJECT;
          key = parser.next()) {
        fields.read(parser.getString(), parser);
      }
      if (parser.hasNext()) {
        throw new IllegalArgumentException("not an info object: more follows the object");
      }
      return fields.info();
    } catch (IllegalArgumentException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not an info object: " + e.getMessage(), e);
    }
  }

  /** The fields of an info object as its text is read: the last of repeated keys counts. */
  private static final class Fields {
    private String id;
    private JsonValue name;
    private String type;
    private String pubsub;
    private String url;
    private String parent;
    private boolean hasContext;
    private String context;
    private String status;
    private JsonValue result;
    private String dateCreated;
    private String dateStart;
    private String dateEnd;

    void read(String key, JsonParser parser) {
      JsonParser.Event event = parser.next();
      switch (key) {
        case "name" -> name = parser.getValue();
        case "result" -> result = parser.getValue();
        case "id" -> id = string(event, parser);
        case "type" -> type = string(event, parser);
        case "pubsub" -> pubsub = string(event, parser);
        case "url" -> url = string(event, parser);
        case "parent" -> parent = string(event, parser);
        case "context" -> {
          hasContext = true;
          context = string(event, parser);
        }
        case "status" -> status = string(event, parser);
        case "date_created" -> dateCreated = string(event, parser);
        case "date_start" -> dateStart = string(event, parser);
        case "date_end" -> dateEnd = string(event, parser);
        default -> string(event, parser);
      }
    }

    /** The value's text when it is a string, else null (and an object or array passed over). */
    private static String string(JsonParser.Event event, JsonParser parser) {
      if (event == JsonParser.Event.VALUE_STRING) {
        return parser.getString();
      }
      skip(event, parser);
      return null;
    }

    Info info() {
      if (id == null || type == null) {
        throw new IllegalArgumentException("not an info object: its id and type must be strings");
      }
      if (!hasContext) {
        throw new IllegalArgumentException("not an info object: it has no context");
      }
      return new Info(
          id,
          name,
          type,
          pubsub == null ? RedisKeys.pubsub(id) : pubsub,
          url,
          parent,
          context == null ? DEFAULT_CONTEXT : context,
          status,
          result,
          Dates.checked(dateCreated),
          Dates.checked(dateStart),
          Dates.checked(dateEnd));
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
