package io.moi.security.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import io.moi.ServletExchange.Response;
import io.moi.api.SecurityHeaders;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.security.enterprise.AuthenticationStatus;
import java.io.StringReader;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** moi's JSON error body, written before JAX-RS is reached. */
class RefusalsTest {

  private final Response response = new Response();

  private JsonObject body() {
    return Json.createReader(new StringReader(response.body())).readObject();
  }

  @Test
  void aRefusalIsMoisJsonErrorBodyWithTheSecurityHeadersCommittedAtOnce() {
    Refusals.send(response.servlet(), 403, "not from here");

    assertThat(response.status()).isEqualTo(403);
    assertThat(response.contentType()).isEqualTo("application/json");
    assertThat(response.characterEncoding()).isEqualTo("UTF-8");
    assertThat(body().getInt("status")).isEqualTo(403);
    assertThat(body().getString("error")).isEqualTo("Forbidden");
    assertThat(body().getString("detail")).isEqualTo("not from here");
    assertThat(response.header("Content-Security-Policy"))
        .isEqualTo(SecurityHeaders.CONTENT_SECURITY_POLICY);
    assertThat(response.committed()).as("the container adds nothing of its own").isTrue();
  }

  @Test
  void aClientThatWentAwayDuringARefusalIsNoError() {
    response.gone();

    Refusals.send(response.servlet(), 403, "not from here");

    assertThat(response.committed()).isFalse();
  }

  @Test
  void unauthorizedChallengesForBasicUnlessToldNotTo() {
    assertThat(Refusals.unauthorized(response.servlet(), "log in", true))
        .isEqualTo(AuthenticationStatus.SEND_FAILURE);
    assertThat(response.status()).isEqualTo(401);
    assertThat(response.header("WWW-Authenticate"))
        .isEqualTo("Basic realm=\"moi\", charset=\"UTF-8\"");
    assertThat(body().getString("detail")).isEqualTo("log in");

    var script = new Response();
    assertThat(Refusals.unauthorized(script.servlet(), "log in", false))
        .isEqualTo(AuthenticationStatus.SEND_FAILURE);
    assertThat(script.status()).isEqualTo(401);
    assertThat(script.header("WWW-Authenticate")).isNull();
  }

  @Test
  void tooManyAttemptsSaysHowManyWholeSecondsToWaitInTheHeaderAndTheBody() {
    assertThat(Refusals.tooManyAttempts(response.servlet(), Duration.ofMillis(2500)))
        .isEqualTo(AuthenticationStatus.SEND_FAILURE);

    assertThat(response.status()).isEqualTo(429);
    assertThat(response.header("Retry-After")).isEqualTo("3");
    assertThat(body().getInt("status")).isEqualTo(429);
    assertThat(body().getString("detail")).endsWith("try again in 3 s");
  }

  @Test
  void aWaitIsRoundedUpToWholeSecondsSoThatWaitingThatLongIsEnough() {
    assertThat(Refusals.seconds(Duration.ZERO)).isZero();
    assertThat(Refusals.seconds(Duration.ofMillis(1))).isEqualTo(1);
    assertThat(Refusals.seconds(Duration.ofMillis(999))).isEqualTo(1);
    assertThat(Refusals.seconds(Duration.ofSeconds(1))).isEqualTo(1);
    assertThat(Refusals.seconds(Duration.ofMillis(1001))).isEqualTo(2);
    assertThat(Refusals.seconds(Duration.ofSeconds(30))).isEqualTo(30);
  }
}
