package io.moi.api;

import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Request bodies that must be one JSON object, and the JSON-P provider. */
public final class JsonBodies {

  /**
   * How deep arrays and objects may nest in a request body; moi's own requests are flat objects.
   */
  public static final int MAX_DEPTH = 32;

  // JsonProvider.provider() searches the class path on every call: look it up once.
  private static final JsonProvider JSON = JsonProvider.provider();

  private JsonBodies() {}

  /** The JSON-P provider, looked up once; {@code Json.create...} would search each time. */
  public static JsonProvider json() {
    return JSON;
  }

  /** The body as a JSON object, or an IllegalArgumentException a client can act on. */
  public static JsonObject object(InputStream body) {
    byte[] bytes = read(body);
    checkDepth(bytes);
    try (var reader = JSON.createReader(new ByteArrayInputStream(bytes))) {
      var value = reader.readValue();
      if (!(value instanceof JsonObject object)) {
        throw new IllegalArgumentException("the body must be a JSON object");
      }
      return object;
    } catch (JsonException e) {
      throw new IllegalArgumentException("the body is not valid JSON: " + e.getMessage());
    }
  }

  // The body limit (BodyLimit) bounds what is read here; it throws its 413 while reading.
  private static byte[] read(InputStream body) {
    try {
      return body.readAllBytes();
    } catch (IOException e) {
      throw new IllegalArgumentException("the body could not be read: " + e.getMessage());
    }
  }

  // A streaming pass first: the tree reader recurses once per level, so a deeply nested
  // body would otherwise end in a stack overflow and a 500 instead of a plain refusal.
  private static void checkDepth(byte[] bytes) {
    int depth = 0;
    try (JsonParser parser = JSON.createParser(new ByteArrayInputStream(bytes))) {
      while (parser.hasNext()) {
        JsonParser.Event event = parser.next();
        if (event == JsonParser.Event.START_OBJECT || event == JsonParser.Event.START_ARRAY) {
          if (++depth > MAX_DEPTH) {
            throw new IllegalArgumentException(
                "the body nests arrays and objects deeper than " + MAX_DEPTH + " levels");
          }
        } else if (event == JsonParser.Event.END_OBJECT || event == JsonParser.Event.END_ARRAY) {
          depth--;
        }
      }
    } catch (JsonException e) {
      throw new IllegalArgumentException("the body is not valid JSON: " + e.getMessage());
    }
  }
}
