package io.moi.redis;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.util.JedisURIHelper;

/**
 * Owns the application's one connection pool. Connections are opened lazily, so the
 * application deploys and reports itself not ready while Redis is away instead of failing.
 */
@ApplicationScoped
public class Redis {

  @Inject
  @ConfigProperty(name = "redis.url")
  String url;

  @Inject
  @ConfigProperty(name = "moi.redis.timeout")
  String timeout;

  @Inject
  @ConfigProperty(name = "moi.redis.pool-size")
  int poolSize;

  private JedisPooled pool;

  @PostConstruct
  void open() {
    URI uri = URI.create(url);
    if (!JedisURIHelper.isValid(uri)) {
      throw new IllegalArgumentException("redis.url is not a redis:// or rediss:// URL: " + url);
    }
    Duration limit = Durations.parse(timeout);
    int millis = Math.toIntExact(limit.toMillis());
    var client =
        DefaultJedisClientConfig.builder()
            .user(JedisURIHelper.getUser(uri))
            .password(JedisURIHelper.getPassword(uri))
            .database(JedisURIHelper.getDBIndex(uri))
            .ssl(JedisURIHelper.isRedisSSLScheme(uri))
            .connectionTimeoutMillis(millis)
            .socketTimeoutMillis(millis)
            .blockingSocketTimeoutMillis(0)
            .clientName("moi")
            .build();
    var poolConfig = new ConnectionPoolConfig();
    poolConfig.setMaxTotal(poolSize);
    poolConfig.setMaxIdle(poolSize);
    poolConfig.setMaxWait(limit);
    pool = new JedisPooled(poolConfig, JedisURIHelper.getHostAndPort(uri), client);
  }

  @Produces
  JedisPooled client() {
    return pool;
  }

  /** The URL without its password, fit for logs and health reports. */
  public String displayUrl() {
    return url.replaceAll("//[^@/]*@", "//***@");
  }

  @PreDestroy
  void close() {
    pool.close();
  }
}
