package io.moi.tree.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.moi.ContainerStandIns.HandScheduler;
import io.moi.LocalRedis;
import io.moi.redis.RedisKeys;
import io.moi.tree.entity.Info;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.UnifiedJedis;

/** A node whose creation was refused is removed if Redis stored it all the same, and only then. */
class RefusedCreationsTest {

  @RegisterExtension static final LocalRedis REDIS = new LocalRedis();

  private static final LocalDateTime DAY = LocalDateTime.of(2026, 3, 1, 12, 0);
  private static final Info JOB =
      Info.newJob("job", "j", "group", "default", null, io.moi.tree.entity.Dates.format(DAY));

  private final HandScheduler scheduler = new HandScheduler();
  private final RefusedCreations refused = new RefusedCreations();
  private UnifiedJedis redis;
  private UnifiedJedis unreachable;

  @BeforeEach
  void build() throws IOException {
    redis = REDIS.client();
    refused.redis = redis;
    refused.scheduler = scheduler.scheduler();
    try (var socket = new ServerSocket(0)) {
      // Nothing listens on the port once the socket is closed.
      unreachable = new JedisPooled("127.0.0.1", socket.getLocalPort());
    }
  }

  @AfterEach
  void close() {
    unreachable.close();
  }

  @Test
  void aNodeThatRedisStoredIsRemovedAtOnceAndLookedForOnceMoreASecondLater() {
    stored(JOB.toJson());
    redis.sadd(RedisKeys.children("group"), "other");

    refused.takeBack(JOB, JOB.toJson(), "group");
    assertThat(scheduler.runNext()).as("at once").isZero();

    assertThat(redis.exists(RedisKeys.info("job"))).isFalse();
    assertThat(redis.smembers(RedisKeys.children("group"))).containsExactly("other");
    assertThat(scheduler.delays()).containsExactly(1_000L);

    // The write was sent twice (the client retried): the copy that Redis read late is removed too.
    stored(JOB.toJson());
    scheduler.runNext();

    assertThat(redis.exists(RedisKeys.info("job"))).isFalse();
    assertThat(scheduler.delays()).as("two looks, no more").isEmpty();
  }

  @Test
  void aNodeThatHoldsAnythingElseThanWhatWasWrittenIsLeftAlone() {
    String used = JOB.started(io.moi.tree.entity.Dates.format(DAY.plusMinutes(1))).toJson();
    stored(used);

    refused.takeBack(JOB, JOB.toJson(), "group");
    assertThat(scheduler.runAll(5)).containsExactly(0L, 1_000L);

    assertThat(redis.get(RedisKeys.info("job"))).isEqualTo(used);
    assertThat(redis.sismember(RedisKeys.children("group"), "job")).isTrue();
  }

  @Test
  void whileRedisIsUnreachableTheLookIsRetriedWithPausesThatDoubleUpToThirtySeconds() {
    refused.redis = unreachable;
    refused.takeBack(JOB, JOB.toJson(), "group");

    for (int i = 0; i < 10; i++) {
      scheduler.runNext();
    }
    assertThat(scheduler.delays()).containsExactly(30_000L);

    stored(JOB.toJson());
    refused.redis = redis;

    assertThat(scheduler.runAll(5))
        .as("the retry, then the second look")
        .containsExactly(30_000L, 1_000L);
    assertThat(redis.exists(RedisKeys.info("job"))).isFalse();
  }

  @Test
  void theRetriesPausesDoubleFromAQuarterSecond() {
    refused.redis = unreachable;
    refused.takeBack(JOB, JOB.toJson(), "group");

    List<Long> ran = new java.util.ArrayList<>();
    for (int i = 0; i < 9; i++) {
      ran.add(scheduler.runNext());
    }

    assertThat(ran)
        .containsExactly(0L, 250L, 500L, 1_000L, 2_000L, 4_000L, 8_000L, 16_000L, 30_000L);
  }

  @Test
  void aServerThatIsStoppingRefusesTheLookWithoutFailingTheCaller() {
    scheduler.refuse();

    assertThatCode(() -> refused.takeBack(JOB, JOB.toJson(), "group")).doesNotThrowAnyException();
  }

  private void stored(String json) {
    redis.set(RedisKeys.info("job"), json);
    redis.sadd(RedisKeys.children("group"), "job");
  }
}
