package io.moi.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.moi.LocalRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;

/** One MULTI/EXEC block against a real Redis, through the application's own pool. */
class AtomicWriteTest {

  @RegisterExtension static final LocalRedis REDIS = new LocalRedis();

  private UnifiedJedis check;
  private Redis redis;

  @BeforeEach
  void open() {
    check = REDIS.client();
    redis = TestRedis.open(REDIS.url());
  }

  @AfterEach
  void close() {
    TestRedis.close(redis);
  }

  @Test
  void everyCommandOfTheBlockIsApplied() {
    check.set("old", "kept");
    check.set("refreshed", "x");
    check.sadd("set", "gone");

    new AtomicWrite()
        .set("key", "value", 100)
        .setIfAbsent("old", "overwritten", 100)
        .setIfAbsent("new", "created", 100)
        .sadd("set", "member")
        .srem("set", "gone")
        .expire("refreshed", 200)
        .publish("channel", "message")
        .execute(redis);

    assertThat(check.get("key")).isEqualTo("value");
    assertThat(check.ttl("key")).isBetween(1L, 100L);
    assertThat(check.get("old")).isEqualTo("kept");
    assertThat(check.get("new")).isEqualTo("created");
    assertThat(check.ttl("new")).isBetween(1L, 100L);
    assertThat(check.smembers("set")).containsExactly("member");
    assertThat(check.ttl("refreshed")).isBetween(101L, 200L);
  }

  @Test
  void aCommandThatRedisRefusesFailsTheWrite() {
    check.set("text", "not a set");

    assertThatThrownBy(() -> new AtomicWrite().set("before", "v", 100).sadd("text", "m").execute(redis))
        .isInstanceOf(JedisDataException.class)
        .hasMessageContaining("WRONGTYPE");
  }

  @Test
  void theApplicationsClientAndConnectionsReachTheServer() {
    assertThat(redis.client().ping()).isEqualTo("PONG");
    String pong = redis.withConnection(c -> c.executeCommand(new redis.clients.jedis.CommandObjects().ping()));
    assertThat(pong).isEqualTo("PONG");
    try (var subscriber = redis.subscriber()) {
      assertThat(subscriber.ping()).isEqualTo("PONG");
    }
  }

  @Test
  void theDisplayedUrlHidesThePassword() {
    var withPassword = new Redis();
    withPassword.url = "redis://user:secret@db.example:6379/2";

    assertThat(withPassword.displayUrl()).isEqualTo("redis://***@db.example:6379/2");
    assertThat(redis.displayUrl()).isEqualTo(REDIS.url());
  }
}
