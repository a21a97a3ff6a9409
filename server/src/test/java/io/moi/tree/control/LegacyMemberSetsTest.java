package io.moi.tree.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.moi.LocalRedis;
import io.moi.redis.RedisKeys;
import io.moi.tree.entity.Info;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.UnifiedJedis;

/** The one-time move of earlier versions' {@code <group>:jobs} sets, in a real Redis. */
class LegacyMemberSetsTest {

  @RegisterExtension static final LocalRedis REDIS = new LocalRedis();

  private static final String DAY = "2026-03-01 12:00:00.000000";

  private UnifiedJedis redis;

  @BeforeEach
  void connect() {
    redis = REDIS.client();
  }

  private LegacyMemberSets migration(UnifiedJedis client) {
    var migration = new LegacyMemberSets();
    migration.redis = client;
    return migration;
  }

  private void group(String id, String parent, long ttl) {
    String json = Info.newGroup(id, id, parent, DAY).toJson();
    if (ttl > 0) {
      redis.setex(id, ttl, json);
    } else {
      redis.set(id, json);
    }
  }

  private void oldSet(String group, long ttl, String... members) {
    redis.sadd(RedisKeys.legacyChildren(group), members);
    if (ttl > 0) {
      redis.expire(RedisKeys.legacyChildren(group), ttl);
    }
  }

  @Test
  void aGroupsOldSetMovesToItsChildrenWithItsExpiry() {
    group("root", null, 600);
    group("reports", "root", 600);
    oldSet("root", 600, "reports");
    oldSet("reports", 500, "job-a", "job-b");

    assertThat(migration(redis).moveAll()).isEqualTo(2);

    assertThat(redis.smembers(RedisKeys.children("root"))).containsExactly("reports");
    assertThat(redis.smembers(RedisKeys.children("reports")))
        .containsExactlyInAnyOrder("job-a", "job-b");
    assertThat(redis.exists(RedisKeys.legacyChildren("root"))).isFalse();
    assertThat(redis.exists(RedisKeys.legacyChildren("reports"))).isFalse();
    assertThat(redis.ttl(RedisKeys.children("reports"))).isBetween(400L, 500L);
  }

  @Test
  void membersAlreadyUnderChildrenAreKeptAndASetWithoutExpiryGetsNone() {
    group("original-root", null, 0);
    redis.sadd(RedisKeys.children("original-root"), "originals-job");
    oldSet("original-root", 600, "our-job");
    group("ours", null, 600);
    redis.sadd(RedisKeys.children("ours"), "new-job");
    redis.expire(RedisKeys.children("ours"), 100);
    oldSet("ours", 600, "old-job");

    migration(redis).moveAll();

    assertThat(redis.smembers(RedisKeys.children("original-root")))
        .containsExactlyInAnyOrder("originals-job", "our-job");
    assertThat(redis.ttl(RedisKeys.children("original-root"))).isEqualTo(-1L);
    assertThat(redis.smembers(RedisKeys.children("ours")))
        .containsExactlyInAnyOrder("new-job", "old-job");
    assertThat(redis.ttl(RedisKeys.children("ours"))).isBetween(500L, 600L);
  }

  @Test
  void jobsKeysThatAreNotAGroupsSetAreLeftAlone() {
    redis.set("a-job", Info.newJob("a-job", "j", "root", "default", null, DAY).toJson());
    oldSet("a-job", 0, "x");
    oldSet("nobody", 0, "x");
    redis.hset("a-hash", "f", "v");
    oldSet("a-hash", 0, "x");
    redis.set("not-json", "plain text");
    oldSet("not-json", 0, "x");
    redis.set("impostor", Info.newGroup("someone-else", "g", null, DAY).toJson());
    oldSet("impostor", 0, "x");
    redis.set("text:jobs", "a string, not a set");

    assertThat(migration(redis).moveAll()).isZero();

    for (String owner : new String[] {"a-job", "nobody", "a-hash", "not-json", "impostor"}) {
      assertThat(redis.smembers(RedisKeys.legacyChildren(owner))).as(owner).containsExactly("x");
      assertThat(redis.exists(RedisKeys.children(owner))).as(owner).isFalse();
    }
    assertThat(redis.get("text:jobs")).isEqualTo("a string, not a set");
  }

  @Test
  void theMoveIsDoneOnceAndRepeatingItChangesNothing() {
    group("root", null, 600);
    oldSet("root", 600, "job-a");
    var migration = migration(redis);
    migration.moveAll();

    // an old-style set appearing later is not looked for again
    oldSet("root", 600, "late");
    assertThat(migration.moveAll()).isZero();
    assertThat(redis.smembers(RedisKeys.legacyChildren("root"))).containsExactly("late");

    // without the marker, a second run moves what is left and keeps what was moved
    redis.del(RedisKeys.LEGACY_SETS_MOVED);
    assertThat(migration.moveAll()).isEqualTo(1);
    assertThat(migration.moveAll()).isZero();
    assertThat(redis.smembers(RedisKeys.children("root")))
        .containsExactlyInAnyOrder("job-a", "late");
  }

  @Test
  void twoServersMovingAtOnceLoseNothing() throws Exception {
    for (int g = 0; g < 200; g++) {
      group("g" + g, null, g % 2 == 0 ? 600 : 0);
      oldSet("g" + g, g % 2 == 0 ? 600 : 0, "a" + g, "b" + g);
      if (g % 3 == 0) {
        redis.sadd(RedisKeys.children("g" + g), "c" + g);
        if (g % 2 == 0) {
          redis.expire(RedisKeys.children("g" + g), 300);
        }
      }
    }
    var start = new CyclicBarrier(2);
    try (var one = new JedisPooled(host(), port());
        var other = new JedisPooled(host(), port())) {
      var first = CompletableFuture.supplyAsync(() -> awaitThen(start, migration(one)));
      var second = CompletableFuture.supplyAsync(() -> awaitThen(start, migration(other)));

      assertThat(first.get() + second.get()).isEqualTo(200);
    }

    for (int g = 0; g < 200; g++) {
      var expected =
          g % 3 == 0 ? new String[] {"a" + g, "b" + g, "c" + g} : new String[] {"a" + g, "b" + g};
      assertThat(redis.smembers(RedisKeys.children("g" + g))).containsExactlyInAnyOrder(expected);
      assertThat(redis.exists(RedisKeys.legacyChildren("g" + g))).isFalse();
      if (g % 2 == 0) {
        assertThat(redis.ttl(RedisKeys.children("g" + g))).isPositive();
      } else {
        assertThat(redis.ttl(RedisKeys.children("g" + g))).isEqualTo(-1L);
      }
    }
  }

  private static int awaitThen(CyclicBarrier start, LegacyMemberSets migration) {
    try {
      start.await();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return migration.moveAll();
  }

  private static String host() {
    return URI.create(REDIS.url()).getHost();
  }

  private static int port() {
    return URI.create(REDIS.url()).getPort();
  }
}
