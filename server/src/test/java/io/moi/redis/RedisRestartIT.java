package io.moi.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.moi.ItRedis;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Connection;
import redis.clients.jedis.Jedis;

/**
 * A Redis restart kills every pooled connection at once. The first reads and writes after it must
 * succeed anyway, or a notification or a job's final state is dropped.
 */
class RedisRestartIT {

  private static final int POOL = 8;

  private Redis redis;

  @BeforeEach
  void open() {
    redis = new Redis();
    redis.url = "redis://" + ItRedis.HOST + ":" + ItRedis.port();
    redis.timeout = "2s";
    redis.poolSize = POOL;
    redis.open();
  }

  @AfterEach
  void close() {
    redis.close();
  }

  @Test
  void theFirstCommandsAfterARestartSucceedAlthoughEveryPooledConnectionDied() throws Exception {
    fillThePool();
    restart();
    assertThat(redis.client().set("restart:read", "1")).isEqualTo("OK");

    fillThePool();
    restart();
    new AtomicWrite()
        .store("restart:write", "2", 60)
        .publish("restart:pubsub", "{}")
        .execute(redis);
    try (Jedis check = ItRedis.client()) {
      assertThat(check.get("restart:write")).isEqualTo("2");
      check.del("restart:read", "restart:write");
    }
  }

  private void fillThePool() {
    List<Connection> held = new ArrayList<>();
    for (int i = 0; i < POOL; i++) {
      Connection connection = redis.connection();
      connection.ping();
      held.add(connection);
    }
    held.forEach(Connection::close);
  }

  private static void restart() throws Exception {
    ItRedis.stop();
    ItRedis.start();
  }
}
