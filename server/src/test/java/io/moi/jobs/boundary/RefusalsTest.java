package io.moi.jobs.boundary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.moi.jobs.control.ContextBusyException;
import io.moi.redis.RedisUnavailableException;
import jakarta.interceptor.InvocationContext;
import java.lang.reflect.Proxy;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.exceptions.JedisConnectionException;

/** How the facade's refusals reach a caller. */
class RefusalsTest {

  /** A call of the facade that does {@code work}: only proceed() is used. */
  private static InvocationContext call(Callable<Object> work) {
    return (InvocationContext)
        Proxy.newProxyInstance(
            InvocationContext.class.getClassLoader(),
            new Class<?>[] {InvocationContext.class},
            (proxy, method, args) -> {
              if (method.getName().equals("proceed")) {
                return work.call();
              }
              throw new UnsupportedOperationException(method.getName());
            });
  }

  private static Throwable refusal(RuntimeException thrown) {
    return catchThrowable(
        () ->
            new Refusals()
                .translate(
                    call(
                        () -> {
                          throw thrown;
                        })));
  }

  @Test
  void aCallThatSucceedsAnswersItsValue() throws Exception {
    assertThat(new Refusals().translate(call(() -> "job-1"))).isEqualTo("job-1");
  }

  @Test
  void moisOwnRefusalsPassAsTheyAre() {
    var busy = new ContextBusyException("default", new IllegalStateException());
    assertThat(refusal(busy)).isSameAs(busy);
  }

  @Test
  void badInputBecomesAnInvalidSubmissionWithTheSameMessage() {
    assertThat(refusal(new IllegalArgumentException("a command must not be blank")))
        .isInstanceOf(InvalidSubmissionException.class)
        .hasMessage("a command must not be blank");
    assertThat(refusal(new NullPointerException("function")))
        .isInstanceOf(InvalidSubmissionException.class)
        .hasMessage("function");
  }

  @Test
  void aRedisFailureBecomesRedisUnavailable() {
    assertThat(refusal(new JedisConnectionException("connection refused")))
        .isInstanceOf(RedisUnavailableException.class)
        .hasMessage("Redis is unavailable: connection refused");
    var other = new IllegalStateException("other");
    assertThat(refusal(other)).isSameAs(other);
  }
}
