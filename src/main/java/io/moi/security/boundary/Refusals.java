package io.moi.security.boundary;

import io.moi.api.JsonBodies;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * moi's JSON error body written straight to the servlet response, for refusals made before
 * JAX-RS is reached (the login mechanism, the websocket guard, the session servlet). The
 * response is committed, so that the container adds nothing of its own.
 */
public final class Refusals {

  private static final Logger LOG = System.getLogger(Refusals.class.getName());

  private Refusals() {}

  public static void send(HttpServletResponse response, int status, String error, String detail) {
    try {
      response.setStatus(status);
      response.setContentType("application/json");
      response.setCharacterEncoding("UTF-8");
      response.getWriter().write(JsonBodies.json().createObjectBuilder()
          .add("status", status).add("error", error).add("detail", detail).build().toString());
      response.flushBuffer();
    } catch (IOException e) {
      LOG.log(Level.DEBUG, "client went away during a " + status + " answer", e);
    }
  }
}
