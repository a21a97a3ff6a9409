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
    check.setex("refreshed", 50, "x");
    check.sadd("set", "gone");

    new AtomicWrite()
        .store("key", "value", 100)
        .setIfAbsent("old", "overwritten", 100)
        .setIfAbsent("new", "created", 100)
        .addMember("set", "member", "no-group", 100)
        .srem("set", "gone")
        .refreshExpiry("refreshed", 200)
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
  void aGuardedBlockIsAppliedOnlyWhileItsKeyIsAsExpected() {
    check.set("job", "Queued");

    new AtomicWrite()
        .store("job", "Failed", 100)
        .sadd("done", "job")
        .onlyIf("job", "Queued"::equals)
        .execute(redis);
    assertThat(check.get("job")).isEqualTo("Failed");

    var refused =
        new AtomicWrite()
            .store("job", "Running", 100)
            .sadd("done", "again")
            .onlyIf("job", "Queued"::equals);
    assertThatThrownBy(() -> refused.execute(redis)).isInstanceOf(ConflictingWriteException.class);
    assertThat(check.get("job")).isEqualTo("Failed");
    assertThat(check.smembers("done")).containsExactly("job");
  }

  @Test
  void aGuardCarriedByAnAddedBlockAppliesToTheWhole() {
    var write =
        new AtomicWrite()
            .store("a", "1", 100)
            .and(new AtomicWrite().onlyIf("missing", v -> v != null));
    assertThatThrownBy(() -> write.execute(redis)).isInstanceOf(ConflictingWriteException.class);
    assertThat(check.exists("a")).isFalse();

    // the connection goes back to the pool usable: nothing stays watched
    new AtomicWrite().store("a", "2", 100).execute(redis);
    assertThat(check.get("a")).isEqualTo("2");
  }

  @Test
  void aKeyChangedBetweenTheCheckAndTheWriteAbortsIt() {
    check.set("job", "Queued");
    var write =
        new AtomicWrite()
            .store("job", "Failed", 100)
            .onlyIf(
                "job",
                value -> {
                  check.set("job", "Running"); // someone else writes right after the guard's read
                  return "Queued".equals(value);
                });
    assertThatThrownBy(() -> write.execute(redis)).isInstanceOf(ConflictingWriteException.class);
    assertThat(check.get("job")).isEqualTo("Running");
  }

  @Test
  void aStoredValueKeepsTheAbsenceOfAnExpiryAndOtherwiseGetsTheRetention() {
    check.set("permanent", "old");
    check.setex("expiring", 50, "old");

    new AtomicWrite()
        .store("permanent", "new", 100)
        .store("expiring", "new", 100)
        .store("created", "new", 100)
        .execute(redis);

    assertThat(check.get("permanent")).isEqualTo("new");
    assertThat(check.ttl("permanent")).isEqualTo(-1L);
    assertThat(check.ttl("expiring")).isBetween(51L, 100L);
    assertThat(check.ttl("created")).isBetween(1L, 100L);
  }

  @Test
  void aRefreshNeverGivesAnExpiryToAKeyWithoutOne() {
    check.set("permanent", "x");

    new AtomicWrite().refreshExpiry("permanent", 100).refreshExpiry("missing", 100).execute(redis);

    assertThat(check.ttl("permanent")).isEqualTo(-1L);
    assertThat(check.exists("missing")).isFalse();
  }

  @Test
  void aNewMemberSetLivesAsLongAsItsGroup() {
    check.set("permanent-group", "{}");
    check.setex("own-group", 50, "{}");

    new AtomicWrite()
        .addMember("permanent-group:children", "a", "permanent-group", 100)
        .addMember("own-group:children", "a", "own-group", 100)
        .addMember("lost-group:children", "a", "lost-group", 100)
        .execute(redis);

    assertThat(check.smembers("permanent-group:children")).containsExactly("a");
    assertThat(check.ttl("permanent-group:children")).isEqualTo(-1L);
    assertThat(check.ttl("own-group:children")).isBetween(51L, 100L);
    assertThat(check.ttl("lost-group:children")).isBetween(1L, 100L);
  }

  @Test
  void anExistingMemberSetKeepsItsOwnExpiryRuleWhateverItsGroup() {
    check.setex("group", 50, "{}");
    check.sadd("group:children", "a");
    check.set("other", "{}");
    check.sadd("other:children", "a");
    check.expire("other:children", 50);

    new AtomicWrite()
        .addMember("group:children", "b", "group", 100)
        .addMember("other:children", "b", "other", 100)
        .execute(redis);

    assertThat(check.smembers("group:children")).containsExactlyInAnyOrder("a", "b");
    assertThat(check.ttl("group:children")).isEqualTo(-1L);
    assertThat(check.ttl("other:children")).isBetween(51L, 100L);
  }

  @Test
  void aCommandThatRedisRefusesFailsTheWrite() {
    check.set("text", "not a set");

    assertThatThrownBy(
            () ->
                new AtomicWrite()
                    .store("before", "v", 100)
                    .addMember("text", "m", "group", 100)
                    .execute(redis))
        .isInstanceOf(JedisDataException.class)
        .hasMessageContaining("WRONGTYPE");
  }

  @Test
  void theApplicationsClientAndConnectionsReachTheServer() {
    assertThat(redis.client().ping()).isEqualTo("PONG");
    String pong =
        redis.withConnection(
            c -> c.executeCommand(new redis.clients.jedis.CommandObjects().ping()));
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
