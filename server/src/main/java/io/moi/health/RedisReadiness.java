package io.moi.health;

import io.moi.redis.Redis;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import redis.clients.jedis.UnifiedJedis;

/** Reports DOWN while Redis does not answer a PING within {@code moi.redis.timeout}. */
@Readiness
@ApplicationScoped
public class RedisReadiness implements HealthCheck {

  @Inject Redis redis;
  @Inject UnifiedJedis client;

  @Override
  public HealthCheckResponse call() {
    var response = HealthCheckResponse.named("redis").withData("url", redis.displayUrl());
    try {
      client.ping();
      return response.up().build();
    } catch (RuntimeException e) {
      return response.down().withData("error", String.valueOf(e.getMessage())).build();
    }
  }
}
