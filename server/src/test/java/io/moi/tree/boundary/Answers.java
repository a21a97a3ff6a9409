package io.moi.tree.boundary;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The text of a resource's answer, whether held whole or written as a stream. */
final class Answers {

  private Answers() {}

  static String text(Response response) {
    Object entity = response.getEntity();
    if (entity instanceof StreamingOutput stream) {
      var out = new ByteArrayOutputStream();
      try {
        stream.write(out);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return out.toString(StandardCharsets.UTF_8);
    }
    return (String) entity;
  }
}
