package io.moi.cli;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;

/**
 * Turns what went wrong on the wire into a sentence a person can act on. The server's errors are
 * JSON {@code {"status", "error", "detail"}}; its detail is the useful part.
 */
final class HttpFailures {

  private HttpFailures() {}

  static CliException refused(String base, String username, MoiClient.Answer answer) {
    String detail = detail(answer);
    return switch (answer.status()) {
      case 400 -> new CliException(detail);
      case 401 ->
          new CliException("wrong username or password (user " + username + " at " + base + ")");
      case 403 -> new CliException("not allowed: " + detail);
      case 404 ->
          new CliException(
              "not found at " + base + ": " + detail + " (is this the address of moi?)");
      // The thing is in a state that does not allow it (a job already ended, or still running).
      case 409 -> new CliException(detail);
      case 503 -> new CliException("moi is unavailable: " + detail + retry(answer));
      default ->
          new CliException(
              "moi at "
                  + base
                  + " answered "
                  + answer.status()
                  + " "
                  + answer.reason()
                  + ": "
                  + detail);
    };
  }

  static CliException unreachable(String base, Throwable failure, Duration timeout) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof ConnectException || cause instanceof NoRouteToHostException) {
        return new CliException(
            "cannot reach moi at "
                + base
                + ": "
                + (cause instanceof ConnectException ? "connection refused" : "no route to host")
                + "; is the server running? (bin/moi-server)");
      }
      if (cause instanceof UnknownHostException) {
        return new CliException(
            "cannot reach moi at " + base + ": unknown host " + cause.getMessage());
      }
      if (cause instanceof SocketTimeoutException) {
        return new CliException(
            "moi at " + base + " did not answer within " + timeout.toSeconds() + " s");
      }
    }
    Throwable root = failure;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return new CliException("cannot reach moi at " + base + ": " + root);
  }

  // The server's own words when the body is one of its errors, else the HTTP reason.
  private static String detail(MoiClient.Answer answer) {
    try {
      if (JsonText.read(answer.body()) instanceof JsonObject error
          && error.get("detail") != null
          && error.get("detail").getValueType() != JsonValue.ValueType.NULL) {
        return JsonText.print(error, "detail");
      }
    } catch (IllegalArgumentException notJson) {
      // a proxy's or a servlet container's page: fall back to the reason phrase
    }
    return answer.reason() == null || answer.reason().isEmpty()
        ? "HTTP " + answer.status()
        : answer.reason();
  }

  private static String retry(MoiClient.Answer answer) {
    String after = answer.retryAfter();
    if (after == null || after.isBlank()) {
      return "";
    }
    // Retry-After is either seconds or an HTTP date.
    return after.strip().chars().allMatch(Character::isDigit)
        ? " (retry in " + after.strip() + " s)"
        : " (retry after " + after.strip() + ")";
  }
}
