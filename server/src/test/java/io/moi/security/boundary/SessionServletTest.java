package io.moi.security.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import io.moi.ServletExchange.Request;
import io.moi.ServletExchange.Response;
import io.moi.ServletExchange.Session;
import jakarta.json.Json;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

/** Where the login form and the log-out button send the browser. */
class SessionServletTest {

  private final SessionServlet servlet = new SessionServlet();
  private final Response response = new Response();

  @Test
  void afterASuccessfulLoginTheBrowserGoesToTheStartPage() throws Exception {
    var session = new Session();
    var request = new Request("POST", "/moi", "/login").session(session);

    servlet.doPost(request.servlet(), response.servlet());

    assertThat(response.status()).isEqualTo(302);
    assertThat(response.header("Location")).isEqualTo("/moi/");
    assertThat(session.invalidated()).isFalse();
    assertThat(request.logouts()).isZero();
  }

  @Test
  void loggingOutEndsTheSessionAndTheSignInAndShowsTheLoginForm() throws Exception {
    var session = new Session();
    var request = new Request("POST", "/moi", "/logout").session(session);

    servlet.doPost(request.servlet(), response.servlet());

    assertThat(session.invalidated()).isTrue();
    assertThat(request.logouts()).isEqualTo(1);
    assertThat(response.status()).isEqualTo(302);
    assertThat(response.header("Location")).isEqualTo("/moi/login.html");
  }

  @Test
  void loggingOutWithoutASessionStillEndsTheSignIn() throws Exception {
    var request = new Request("POST", "/moi", "/logout");

    servlet.doPost(request.servlet(), response.servlet());

    assertThat(request.logouts()).isEqualTo(1);
    assertThat(response.header("Location")).isEqualTo("/moi/login.html");
  }

  @Test
  void aGetOfLogoutChangesNothingAndSaysToPost() throws Exception {
    var session = new Session();
    var request = new Request("GET", "/moi", "/logout").session(session);

    servlet.doGet(request.servlet(), response.servlet());

    assertThat(session.invalidated()).isFalse();
    assertThat(request.logouts()).isZero();
    assertThat(response.status()).isEqualTo(405);
    assertThat(response.header("Allow")).isEqualTo("POST");
    var body = Json.createReader(new StringReader(response.body())).readObject();
    assertThat(body.getInt("status")).isEqualTo(405);
    assertThat(body.getString("detail")).contains("POST /logout");
  }

  @Test
  void aGetOfLoginShowsTheLoginForm() throws Exception {
    servlet.doGet(new Request("GET", "/moi", "/login").servlet(), response.servlet());

    assertThat(response.status()).isEqualTo(302);
    assertThat(response.header("Location")).isEqualTo("/moi/login.html");
  }
}
