package io.moi.cli;

import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParsingException;
import java.io.StringReader;

/** JSON-P in the few shapes the command line needs. */
final class JsonText {

  // JsonProvider.provider() searches the class path on every call: look it up once.
  private static final JsonProvider JSON = JsonProvider.provider();

  private JsonText() {}

  /** Any JSON value; IllegalArgumentException when the text is not JSON. */
  static JsonValue read(String text) {
    try (var reader = JSON.createReader(new StringReader(text))) {
      return reader.readValue();
    } catch (JsonParsingException e) {
      throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
    } catch (JsonException e) {
      throw new IllegalArgumentException("not JSON", e);
    }
  }

  static JsonObjectBuilder object() {
    return JSON.createObjectBuilder();
  }

  /** A field as upstream printed it: a string's text, other values as JSON, "None" for null. */
  static String print(JsonObject object, String field) {
    JsonValue value = object.get(field);
    if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
      return "None";
    }
    return value instanceof JsonString s ? s.getString() : value.toString();
  }

  /** A string field's text; null when it is absent, null or not a string. */
  static String string(JsonObject object, String field) {
    return object.get(field) instanceof JsonString s ? s.getString() : null;
  }
}
