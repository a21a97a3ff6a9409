package io.moi.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.moi.redis.RedisUnavailableException;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * Every exception a resource throws becomes moi's JSON error with the status it stands for; the
 * features' own exceptions are mapped, and tested, in their boundary packages.
 */
class ErrorMappersTest {

  @Test
  void aJaxRsRefusalKeepsItsStatusAndMessage() {
    var answer =
        new ErrorMappers.Web()
            .toResponse(new ForbiddenException("listing users needs the role moi-admin"));

    assertThat(answer.getStatus()).isEqualTo(403);
    var body = ErrorBody.of(answer);
    assertThat(body.getString("error")).isEqualTo("Forbidden");
    assertThat(body.getString("detail")).isEqualTo("listing users needs the role moi-admin");
  }

  @Test
  void anUnknownPathSaysThereIsNoSuchResource() {
    var answer = new ErrorMappers.Web().toResponse(new NotFoundException("HTTP 404 Not Found"));

    assertThat(answer.getStatus()).isEqualTo(404);
    assertThat(ErrorBody.of(answer).getString("detail")).isEqualTo("no such resource");
  }

  @Test
  void aWrongMethodNamesTheAllowedOnesAndKeepsTheAllowHeader() {
    var answer =
        new ErrorMappers.Web().toResponse(new NotAllowedException("GET", new String[] {"DELETE"}));

    assertThat(answer.getStatus()).isEqualTo(405);
    assertThat(ErrorBody.of(answer).getString("detail"))
        .startsWith("method not allowed here; allowed: ")
        .contains("GET", "DELETE");
    assertThat(answer.getAllowedMethods()).containsExactlyInAnyOrder("GET", "DELETE");
  }

  @Test
  void aBodyThatIsNotJsonIsToldToBeJson() {
    var answer = new ErrorMappers.Web().toResponse(new NotSupportedException());

    assertThat(answer.getStatus()).isEqualTo(415);
    assertThat(ErrorBody.of(answer).getString("detail"))
        .isEqualTo("send a JSON body with Content-Type: application/json");
  }

  @Test
  void theRefusalsHeadersAreKeptButItsContentTypeIsReplacedByJson() {
    var refusal =
        Response.status(401)
            .header("WWW-Authenticate", "Basic realm=\"moi\"")
            .type("text/plain")
            .entity("log in")
            .build();

    var answer =
        new ErrorMappers.Web().toResponse(new NotAuthorizedException("log in first", refusal));

    assertThat(answer.getHeaderString("WWW-Authenticate")).isEqualTo("Basic realm=\"moi\"");
    assertThat(answer.getHeaders().get("Content-Type")).hasSize(1);
    assertThat(ErrorBody.of(answer).getString("detail")).isEqualTo("log in first");
  }

  @Test
  void aWebApplicationExceptionWithAnotherStatusKeepsIt() {
    var answer = new ErrorMappers.Web().toResponse(new WebApplicationException("too large", 413));

    assertThat(answer.getStatus()).isEqualTo(413);
    assertThat(ErrorBody.of(answer).getString("detail")).isEqualTo("too large");
  }

  @Test
  void badInputIsA400WithItsMessage() {
    var bad =
        new ErrorMappers.BadInput()
            .toResponse(new IllegalArgumentException("field 'name' must be a string"));

    assertThat(bad.getStatus()).isEqualTo(400);
    assertThat(ErrorBody.of(bad).getString("detail")).isEqualTo("field 'name' must be a string");
  }

  @Test
  void redisBeingDownIsA503ThatSaysWhenToRetryWithoutRedisDetails() {
    var answer =
        new ErrorMappers.RedisDown()
            .toResponse(
                new RedisUnavailableException("Redis is unavailable: connection refused", null));

    assertThat(answer.getStatus()).isEqualTo(503);
    assertThat(answer.getHeaderString("Retry-After")).isEqualTo(ErrorMappers.RETRY_AFTER_SECONDS);
    assertThat(ErrorBody.of(answer).getString("detail"))
        .isEqualTo("the job store (Redis) is unavailable; retry shortly");
  }

  @Test
  void aRedisFailureThatLeftTheResourceUntranslatedIsStillA503() {
    var answer =
        new ErrorMappers.Unexpected()
            .toResponse(new JedisConnectionException("connection refused"));

    assertThat(answer.getStatus()).isEqualTo(503);
    assertThat(answer.getHeaderString("Retry-After")).isEqualTo(ErrorMappers.RETRY_AFTER_SECONDS);
    assertThat(ErrorBody.of(answer).getString("detail")).contains("Redis");
  }

  @Test
  void anyOtherFailureIsA500ThatRevealsNothing() {
    var answer =
        new ErrorMappers.Unexpected().toResponse(new IllegalStateException("secret internals"));

    assertThat(answer.getStatus()).isEqualTo(500);
    assertThat(answer.getHeaderString("Retry-After")).isNull();
    assertThat(ErrorBody.of(answer).getString("detail"))
        .isEqualTo("internal error; the server log has the details");
  }
}
