package io.moi.api;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The body of every error answer: {@code {"status": N, "error": "...", "detail": "..."}}. */
public final class ApiError {

  private ApiError() {}

  public static Response of(int status, String detail) {
    return builder(status, detail).build();
  }

  public static Response.ResponseBuilder builder(int status, String detail) {
    var reason = Response.Status.fromStatusCode(status);
    String error = reason != null ? reason.getReasonPhrase() : reasonFor(status);
    var body = JsonBodies.json().createObjectBuilder()
        .add("status", status)
        .add("error", error)
        .add("detail", detail == null ? error : detail)
        .build();
    return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body.toString());
  }

  private static String reasonFor(int status) {
    return switch (status) {
      case 405 -> "Method Not Allowed";
      case 413 -> "Payload Too Large";
      case 415 -> "Unsupported Media Type";
      default -> "Error";
    };
  }
}
