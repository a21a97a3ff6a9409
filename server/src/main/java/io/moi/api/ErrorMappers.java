package io.moi.api;

import io.moi.redis.RedisUnavailableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * Every exception that leaves a resource becomes a JSON error with the right status. These are the
 * mappers for exceptions of JAX-RS, of the JDK and of Redis; a feature maps its own exceptions in
 * its {@code boundary} package, where JAX-RS finds them as providers too.
 */
public final class ErrorMappers {

  private static final Logger LOG = System.getLogger(ErrorMappers.class.getName());

  /** How long a client is asked to wait before trying again, in a 503's Retry-After. */
  public static final String RETRY_AFTER_SECONDS = "5";

  private ErrorMappers() {}

  @Provider
  public static class Web implements ExceptionMapper<WebApplicationException> {
    @Override
    public Response toResponse(WebApplicationException e) {
      int status = e.getResponse().getStatus();
      String detail = e.getMessage();
      if (e instanceof NotFoundException) {
        detail = "no such resource";
      } else if (e instanceof NotAllowedException) {
        detail =
            "method not allowed here; allowed: "
                + String.join(", ", e.getResponse().getAllowedMethods());
      } else if (e instanceof NotSupportedException) {
        detail = "send a JSON body with Content-Type: application/json";
      }
      var answer = ApiError.builder(status, detail);
      e.getResponse()
          .getHeaders()
          .forEach(
              (name, values) -> {
                if (!name.equalsIgnoreCase("Content-Type")) {
                  values.forEach(v -> answer.header(name, v));
                }
              });
      return answer.build();
    }
  }

  @Provider
  public static class BadInput implements ExceptionMapper<IllegalArgumentException> {
    @Override
    public Response toResponse(IllegalArgumentException e) {
      return ApiError.of(400, e.getMessage());
    }
  }

  @Provider
  public static class RedisDown implements ExceptionMapper<RedisUnavailableException> {
    @Override
    public Response toResponse(RedisUnavailableException e) {
      LOG.log(Level.WARNING, "Answering 503: {0}", e.getMessage());
      return ApiError.builder(503, "the job store (Redis) is unavailable; retry shortly")
          .header("Retry-After", RETRY_AFTER_SECONDS)
          .build();
    }
  }

  @Provider
  public static class Unexpected implements ExceptionMapper<RuntimeException> {
    @Override
    public Response toResponse(RuntimeException e) {
      var redis = RedisUnavailableException.translate(e);
      if (redis instanceof RedisUnavailableException down) {
        return new RedisDown().toResponse(down);
      }
      LOG.log(Level.ERROR, "Unexpected failure in the REST API", e);
      return ApiError.of(500, "internal error; the server log has the details");
    }
  }
}
