package io.moi.live.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import io.moi.security.boundary.TestOrigins;
import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The websocket handshake is let through only for a logged-in user from an allowed origin. */
class SocketGuardTest {

  private final SocketGuard guard = new SocketGuard();
  private final Answer answer = new Answer();
  private boolean passedOn;
  private final FilterChain chain = (request, response) -> passedOn = true;

  {
    guard.origins = TestOrigins.listing("https://dashboard.example");
  }

  /** What the filter answered: status, headers and body. */
  private static final class Answer {
    int status = 200;
    int error;
    final Map<String, String> headers = new HashMap<>();
    final StringWriter body = new StringWriter();
    boolean committed;

    HttpServletResponse response() {
      return (HttpServletResponse)
          Proxy.newProxyInstance(
              SocketGuardTest.class.getClassLoader(),
              new Class<?>[] {HttpServletResponse.class},
              (proxy, method, args) -> {
                switch (method.getName()) {
                  case "sendError" -> error = (Integer) args[0];
                  case "setStatus" -> status = (Integer) args[0];
                  case "setHeader" -> headers.put((String) args[0], (String) args[1]);
                  case "setContentType" -> headers.put("Content-Type", (String) args[0]);
                  case "getWriter" -> {
                    return new PrintWriter(body, true);
                  }
                  case "flushBuffer" -> committed = true;
                  case "resetBuffer", "setCharacterEncoding" -> {}
                  default -> throw new UnsupportedOperationException(method.getName());
                }
                return null;
              });
    }
  }

  private static HttpServletRequest handshake(String user, String... headers) {
    Map<String, String> fields = new HashMap<>();
    fields.put("Host", "moi.example:8080");
    for (int i = 0; i < headers.length; i += 2) {
      fields.put(headers[i], headers[i + 1]);
    }
    return (HttpServletRequest)
        Proxy.newProxyInstance(
            SocketGuardTest.class.getClassLoader(),
            new Class<?>[] {HttpServletRequest.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "getUserPrincipal" ->
                      user == null ? null : (java.security.Principal) () -> user;
                  case "getHeader" -> fields.get((String) args[0]);
                  case "getScheme" -> "http";
                  default -> throw new UnsupportedOperationException(method.getName());
                });
  }

  @Test
  void aHandshakeWithoutALoggedInUserIsRefusedWith401() throws Exception {
    guard.doFilter(handshake(null, "Origin", "http://moi.example:8080"), answer.response(), chain);

    assertThat(answer.error).isEqualTo(401);
    assertThat(passedOn).isFalse();
  }

  @Test
  void aHandshakeFromAnotherSitesPageIsRefusedWith403AndMoisErrorBody() throws Exception {
    guard.doFilter(handshake("alice", "Origin", "http://evil.example"), answer.response(), chain);

    assertThat(passedOn).isFalse();
    assertThat(answer.status).isEqualTo(403);
    assertThat(answer.committed).isTrue();
    assertThat(answer.headers).containsEntry("Content-Type", "application/json");
    assertThat(answer.body.toString())
        .contains("\"status\":403", "\"error\":\"Forbidden\"", "http://evil.example");
  }

  @Test
  void aHandshakeOfALoggedInUserFromTheServersOwnOrAListedOriginOrWithoutOneGoesThrough()
      throws Exception {
    for (var request :
        new HttpServletRequest[] {
          handshake("alice", "Origin", "http://moi.example:8080"),
          handshake("alice", "Origin", "https://dashboard.example"),
          handshake("alice")
        }) {
      passedOn = false;
      guard.doFilter(request, answer.response(), chain);
      assertThat(passedOn).isTrue();
    }
    assertThat(answer.error).isZero();
    assertThat(answer.status).isEqualTo(200);
  }
}
