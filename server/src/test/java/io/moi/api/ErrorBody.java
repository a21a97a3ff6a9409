package io.moi.api;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.StringReader;

/** moi's JSON error body as an answer carries it, checked to be one. */
public final class ErrorBody {

  private ErrorBody() {}

  /** The body of an error answer: it must be JSON and repeat the answer's status. */
  public static JsonObject of(Response response) {
    assertThat(response).as("an error answer").isNotNull();
    assertThat(response.getMediaType()).isEqualTo(MediaType.APPLICATION_JSON_TYPE);
    JsonObject body = parse((String) response.getEntity());
    assertThat(body.getInt("status")).isEqualTo(response.getStatus());
    assertThat(body.keySet()).containsExactlyInAnyOrder("status", "error", "detail");
    return body;
  }

  public static JsonObject parse(String json) {
    try (var reader = JsonBodies.json().createReader(new StringReader(json))) {
      return reader.readObject();
    }
  }
}
