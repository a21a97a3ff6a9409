package io.moi.api;

import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParsingException;
import jakarta.ws.rs.WebApplicationException;
import java.io.InputStream;

/** Reads a request body that must be one JSON object, with errors a client can act on. */
public final class JsonBodies {

  private JsonBodies() {}

  public static JsonObject object(JsonProvider json, InputStream body) {
    try (var reader = json.createReader(body)) {
      var value = reader.readValue();
      if (!(value instanceof JsonObject object)) {
        throw new IllegalArgumentException("the body must be a JSON object");
      }
      return object;
    } catch (JsonParsingException e) {
      throw new IllegalArgumentException("the body is not valid JSON: " + e.getMessage());
    } catch (JsonException e) {
      if (e.getCause() instanceof WebApplicationException tooLarge) {
        throw tooLarge;
      }
      throw new IllegalArgumentException("the body is not valid JSON: " + e.getMessage());
    }
  }
}
