package io.moi.security.boundary;

import io.moi.api.ApiError;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;

/**
 * moi's JSON error body written straight to the servlet response, for refusals made before JAX-RS
 * is reached (the login mechanism, the websocket guard, the session servlet). The response is
 * committed, so that the container adds nothing of its own.
 */
public final class Refusals {

  private static final Logger LOG = System.getLogger(Refusals.class.getName());

  private Refusals() {}

  /**
   * 401, with a Basic challenge unless the caller is one of our own pages' scripts; the mechanism's
   * answer.
   */
  static AuthenticationStatus unauthorized(
      HttpServletResponse response, String detail, boolean challenge) {
    if (challenge) {
      response.setHeader("WWW-Authenticate", "Basic realm=\"moi\", charset=\"UTF-8\"");
    }
    send(response, HttpServletResponse.SC_UNAUTHORIZED, detail);
    return AuthenticationStatus.SEND_FAILURE;
  }

  /** 429 with Retry-After; the mechanism's answer. */
  static AuthenticationStatus tooManyAttempts(HttpServletResponse response, Duration wait) {
    response.setHeader("Retry-After", Long.toString(seconds(wait)));
    send(
        response,
        429,
        "too many wrong passwords for this user or from this address; try again in "
            + seconds(wait)
            + " s");
    return AuthenticationStatus.SEND_FAILURE;
  }

  /** Whole seconds, rounded up: a client that waits that long finds the way open. */
  static long seconds(Duration wait) {
    return (wait.toMillis() + 999) / 1000;
  }

  /** The error body (see {@link ApiError#write}), committed at once. */
  public static void send(HttpServletResponse response, int status, String detail) {
    try {
      ApiError.write(response, status, detail);
      response.flushBuffer();
    } catch (IOException e) {
      LOG.log(Level.DEBUG, "client went away during a " + status + " answer", e);
    }
  }
}
