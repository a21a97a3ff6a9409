package io.moi.redis;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.function.Function;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.CommandObjects;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.executors.RetryableCommandExecutor;
import redis.clients.jedis.providers.PooledConnectionProvider;
import redis.clients.jedis.util.JedisURIHelper;

/**
 * Owns the application's one connection pool. Connections are opened lazily, so the application
 * deploys and reports itself not ready while Redis is away instead of failing.
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

  private PooledConnectionProvider connections;
  private UnifiedJedis client;
  private HostAndPort address;
  private JedisClientConfig subscriberConfig;
  private int commandMillis;

  @PostConstruct
  void open() {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("redis.url is not a redis:// or rediss:// URL: " + url, e);
    }
    // Jedis checks the host and port only: http://host:6379 would be taken for Redis.
    boolean redisScheme = "redis".equals(uri.getScheme()) || "rediss".equals(uri.getScheme());
    if (!redisScheme || !JedisURIHelper.isValid(uri)) {
      throw new IllegalArgumentException("redis.url is not a redis:// or rediss:// URL: " + url);
    }
    Duration limit = Durations.parse(timeout);
    int millis = Math.toIntExact(limit.toMillis());
    commandMillis = millis;
    var config = clientConfig(uri, millis, millis, "moi");
    var poolConfig = new ConnectionPoolConfig();
    poolConfig.setMaxTotal(poolSize);
    poolConfig.setMaxIdle(poolSize);
    poolConfig.setMaxWait(limit);
    address = JedisURIHelper.getHostAndPort(uri);
    connections = new PooledConnectionProvider(address, config, poolConfig);
    // After a Redis restart every pooled connection is dead: the first failure empties the
    // pool, and the one retry runs on a fresh connection.
    client =
        new UnifiedJedis(
            new FreshAfterFailure(connections, limit), connections, new CommandObjects());
    // A subscriber waits for messages as long as it takes: no read timeout.
    subscriberConfig = clientConfig(uri, millis, 0, "moi-relay");
  }

  private static JedisClientConfig clientConfig(
      URI uri, int connectMillis, int readMillis, String name) {
    return DefaultJedisClientConfig.builder()
        .user(JedisURIHelper.getUser(uri))
        .password(JedisURIHelper.getPassword(uri))
        .database(JedisURIHelper.getDBIndex(uri))
        .ssl(JedisURIHelper.isRedisSSLScheme(uri))
        .connectionTimeoutMillis(connectMillis)
        .socketTimeoutMillis(readMillis)
        .clientName(name)
        .build();
  }

  @Produces
  UnifiedJedis client() {
    return client;
  }

  /** A pooled connection for pipelined work; the caller closes it to return it. */
  public Connection connection() {
    return connections.getConnection();
  }

  /**
   * Runs pipelined work on a pooled connection, with the same policy as single commands: after a
   * connection failure the idle pool is emptied and the work runs once more on a fresh connection.
   * The work must be safe to repeat.
   */
  public <T> T withConnection(Function<Connection, T> work) {
    try (Connection connection = connection()) {
      return work.apply(connection);
    } catch (JedisConnectionException e) {
      discardIdleConnections();
      try (Connection connection = connection()) {
        return work.apply(connection);
      }
    }
  }

  // When Redis restarts or the network drops, all pooled connections died together and each
  // would fail in turn.
  private void discardIdleConnections() {
    connections.getPool().clear();
  }

  /** A connection of its own for a long-lived subscription; the caller closes it. */
  public Jedis subscriber() {
    return new Jedis(address, subscriberConfig);
  }

  /**
   * A connection of its own for blocking reads of up to {@code blockMillis}: its read timeout is
   * that wait plus the usual command timeout. The caller closes it.
   */
  public Jedis blockingReader(long blockMillis) {
    return new Jedis(
        address,
        clientConfig(
            URI.create(url),
            commandMillis,
            Math.toIntExact(commandMillis + blockMillis),
            "moi-queue"));
  }

  /** The URL without its password, fit for logs and health reports. */
  public String displayUrl() {
    return url.replaceAll("//[^@/]*@", "//***@");
  }

  @PreDestroy
  void close() {
    client.close();
  }

  /** Retries a command once, on a fresh connection, after emptying the pool of dead ones. */
  private static final class FreshAfterFailure extends RetryableCommandExecutor {

    private final PooledConnectionProvider pool;

    FreshAfterFailure(PooledConnectionProvider pool, Duration limit) {
      super(pool, 2, limit);
      this.pool = pool;
    }

    @Override
    protected <T> T execute(Connection connection, CommandObject<T> command) {
      try {
        return super.execute(connection, command);
      } catch (JedisConnectionException e) {
        pool.getPool().clear(); // as in withConnection
        throw e;
      }
    }
  }
}
