package io.moi.api;

import io.moi.tree.entity.Info;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParsingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;

/** Request bodies that must be one JSON object, the 201 answer to a created node, and the JSON-P provider. */
public final class JsonBodies {

  // JsonProvider.provider() searches the class path on every call: look it up once.
  private static final JsonProvider JSON = JsonProvider.provider();

  private JsonBodies() {}

  /** The JSON-P provider, looked up once; {@code Json.create...} would search each time. */
  public static JsonProvider json() {
    return JSON;
  }

  /** The body as a JSON object, or an IllegalArgumentException a client can act on. */
  public static JsonObject object(InputStream body) {
    try (var reader = JSON.createReader(body)) {
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

  /** 201 with {@code Location: api/info/<id>} and the node's info object. */
  public static Response created(UriInfo uri, Info info) {
    return Response.created(uri.getBaseUriBuilder().path("info").path(info.id()).build())
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(info.toJson())
        .build();
  }
}
