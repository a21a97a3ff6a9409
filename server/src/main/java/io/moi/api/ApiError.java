package io.moi.api;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;

/**
 * The body of every error answer, {@code {"status": N, "error": "...", "detail": "..."}}, built
 * here alone: as a JAX-RS answer for mappers and filters, and written straight to a servlet
 * response for what answers before JAX-RS is reached (the error servlet, the URI limit, the login
 * mechanism).
 */
public final class ApiError {

  private ApiError() {}

  public static Response of(int status, String detail) {
    return builder(status, detail).build();
  }

  public static Response.ResponseBuilder builder(int status, String detail) {
    return Response.status(status)
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(json(status, detail));
  }

  /** The body as JSON text; without a detail it repeats the reason phrase. */
  public static String json(int status, String detail) {
    var reason = Response.Status.fromStatusCode(status);
    String error = reason != null ? reason.getReasonPhrase() : reasonFor(status);
    return JsonBodies.json()
        .createObjectBuilder()
        .add("status", status)
        .add("error", error)
        .add("detail", detail == null ? error : detail)
        .build()
        .toString();
  }

  /** Writes the body as the whole answer, with moi's security headers. */
  public static void write(HttpServletResponse response, int status, String detail)
      throws IOException {
    response.resetBuffer();
    response.setStatus(status);
    SecurityHeaders.apply(response);
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    response.getWriter().write(json(status, detail));
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
