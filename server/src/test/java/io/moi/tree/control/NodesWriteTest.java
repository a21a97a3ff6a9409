package io.moi.tree.control;

import static io.moi.tree.entity.Infos.aGroup;
import static io.moi.tree.entity.Infos.aJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.moi.ContainerStandIns.HandScheduler;
import io.moi.ContainerStandIns.RecordedEvent;
import io.moi.LocalRedis;
import io.moi.changes.control.OwnUpdates;
import io.moi.changes.entity.Messages;
import io.moi.redis.Redis;
import io.moi.redis.RedisKeys;
import io.moi.redis.TestExpiry;
import io.moi.redis.TestRedis;
import io.moi.tree.entity.Info;
import io.moi.tree.entity.Infos;
import io.moi.tree.entity.Lineage;
import io.moi.tree.entity.NodeUpdated;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.UnifiedJedis;

/** Creating and detaching nodes in a real Redis. */
class NodesWriteTest {

  @RegisterExtension static final LocalRedis REDIS = new LocalRedis();

  private static final String DAY = Infos.CREATED;
  private static final Info ROOT = aGroup("root").named("alice").build();

  private UnifiedJedis redis;
  private Redis connections;
  private Nodes nodes;

  @BeforeEach
  void buildNodes() {
    redis = REDIS.client();
    connections = TestRedis.open(REDIS.url());
    nodes = new Nodes();
    nodes.redis = redis;
    nodes.connections = connections;
    nodes.expiry = TestExpiry.of("1h");
    nodes.own = new OwnUpdates();
    nodes.updated = updated.event();
  }

  @AfterEach
  void close() {
    TestRedis.close(connections);
    if (unreachable != null) {
      TestRedis.close(unreachable);
    }
  }

  private final RecordedEvent<NodeUpdated> updated = new RecordedEvent<>();
  private final HandScheduler scheduler = new HandScheduler();
  private Redis unreachable;

  /** Writes go to a Redis that nobody listens for. */
  private void redisUnreachable() throws IOException {
    try (var socket = new ServerSocket(0)) {
      unreachable = TestRedis.open("redis://127.0.0.1:" + socket.getLocalPort());
    }
    nodes.connections = unreachable;
  }

  private Info storedJob() {
    nodes.own = new OwnUpdates();
    nodes.updated = updated.event();
    Info job = aJob("job").build();
    nodes.create(job, new Lineage(List.of("root"), ROOT));
    return job;
  }

  private void groupUnderRootExpiringInAMinute() {
    redis.setex("root", 60, ROOT.toJson());
    redis.setex("group", 60, aGroup("group").under("root").toJson());
    redis.sadd(RedisKeys.children("root"), "group");
    redis.expire(RedisKeys.children("root"), 60);
  }

  @Test
  void aCreatedNodeIsStoredInItsParentsSetWithTheRetentionAndItsAncestorsRefreshed() {
    groupUnderRootExpiringInAMinute();
    Info job = aJob("job").under("group").build();

    nodes.create(job, new Lineage(List.of("group", "root"), ROOT));

    assertThat(nodes.find("job")).contains(job);
    assertThat(nodes.isMember("group", "job")).isTrue();
    assertThat(redis.ttl("job")).isBetween(3000L, 3600L);
    // the ancestors get a minute's slack: see the next test
    assertThat(redis.ttl("group")).isBetween(3600L, 3660L);
    assertThat(redis.ttl("root")).isBetween(3600L, 3660L);
    assertThat(redis.ttl(RedisKeys.children("group"))).isBetween(3600L, 3660L);
    assertThat(redis.ttl(RedisKeys.children("root"))).isBetween(3600L, 3660L);
  }

  @Test
  void writesBelowARecentlyRefreshedGroupLeaveItsExpiryToTheSlackOfTheFirstRefresh() {
    groupUnderRootExpiringInAMinute();
    Lineage lineage = new Lineage(List.of("group", "root"), ROOT);
    Info job = aJob("job").under("group").build();
    nodes.create(job, lineage);
    // as if the group had been refreshed long ago, to 3,500 s
    redis.expire("group", 3500);
    redis.expire("root", 3500);

    nodes.update(job.started(DAY), lineage);
    nodes.create(aJob("sibling").under("group").build(), lineage);

    assertThat(redis.ttl("group")).isBetween(3400L, 3500L);
    assertThat(redis.ttl("root")).isBetween(3400L, 3500L);
    assertThat(redis.ttl("job")).isBetween(3000L, 3600L);
    assertThat(redis.ttl("sibling")).isBetween(3000L, 3600L);

    var another = TestNodes.open(redis, connections, null);
    another.update(job.started(DAY), lineage);
    assertThat(redis.ttl("group")).as("a server that did not refresh it").isBetween(3600L, 3660L);
  }

  @Test
  void groupsAndSetsWithoutAnExpiryGetNoneFromCreationsOrUpdatesBelowThem() {
    // as the original moi leaves its groups and sets: no expiry
    redis.set("root", ROOT.toJson());
    redis.set("group", aGroup("group").under("root").created("2026-12-02 10:00:00").toJson());
    redis.sadd(RedisKeys.children("root"), "group");
    Lineage lineage = new Lineage(List.of("group", "root"), ROOT);
    Info job = aJob("job").under("group").build();

    nodes.create(job, lineage);
    nodes.update(job.started(DAY), lineage);
    nodes.create(aJob("sibling").under("group").build(), lineage);

    assertThat(redis.smembers(RedisKeys.children("group")))
        .containsExactlyInAnyOrder("job", "sibling");
    assertThat(redis.ttl("root")).isEqualTo(-1L);
    assertThat(redis.ttl("group")).isEqualTo(-1L);
    assertThat(redis.ttl(RedisKeys.children("root"))).isEqualTo(-1L);
    assertThat(redis.ttl(RedisKeys.children("group"))).isEqualTo(-1L);
    assertThat(redis.ttl("job")).isBetween(3000L, 3600L);
    assertThat(redis.get("group")).contains("\"date_created\":\"2026-12-02 10:00:00\"");
  }

  @Test
  void theOriginalsNoUserGroupIsUsedAsItIs() {
    String original =
        "{\"id\": \"no-user\", \"name\": \"unnamed\", \"type\": \"group\", "
            + "\"pubsub\": \"no-user:pubsub\", \"url\": null, \"parent\": null, \"context\": \"its-own\", "
            + "\"status\": null, \"result\": null, \"date_created\": \"2026-12-02 10:00:00\", "
            + "\"date_start\": null, \"date_end\": null}";
    redis.set(RedisKeys.NO_USER, original);
    var users = new Users();
    Lineage lineage = new Lineage(List.of(RedisKeys.NO_USER), users.noUserGroup());

    nodes.create(aJob("job").under(RedisKeys.NO_USER).build(), lineage);

    assertThat(redis.get(RedisKeys.NO_USER)).isEqualTo(original);
    assertThat(redis.ttl(RedisKeys.NO_USER)).isEqualTo(-1L);
    assertThat(redis.smembers(RedisKeys.children(RedisKeys.NO_USER))).containsExactly("job");
    assertThat(redis.ttl(RedisKeys.children(RedisKeys.NO_USER))).isEqualTo(-1L);
  }

  @Test
  void aJobWrittenWithoutAnExpiryKeepsNoneWhenItIsUpdated() {
    redis.set("root", ROOT.toJson());
    Info job = aJob("job").build();
    redis.set("job", job.toJson());
    redis.sadd(RedisKeys.children("root"), "job");

    nodes.update(job.started(DAY), new Lineage(List.of("root"), ROOT));

    assertThat(nodes.find("job").orElseThrow().status()).isEqualTo("Running");
    assertThat(redis.ttl("job")).isEqualTo(-1L);
  }

  @Test
  void aRootThatExpiredIsCreatedAgainButAnExistingOneIsLeftAsItIs() {
    Info job = aJob("job").build();

    nodes.create(job, new Lineage(List.of("root"), ROOT));

    assertThat(nodes.find("root")).contains(ROOT);

    Info renamed = aGroup("root").named("renamed").build();
    redis.set("root", renamed.toJson());
    nodes.create(aJob("job-2").build(), new Lineage(List.of("root"), ROOT));

    assertThat(nodes.find("root")).contains(renamed);
  }

  @Test
  void aDetachedNodeLeavesItsParentsSetButKeepsItsInfo() {
    Info job = aJob("job").build();
    nodes.create(job, new Lineage(List.of("root"), ROOT));

    nodes.detach(job);

    assertThat(nodes.isMember("root", "job")).isFalse();
    assertThat(nodes.exists("job")).isTrue();
  }

  @Test
  void anUpdateIsStoredPassedToThisServersListenersAndItsMessageExpectedBack() {
    Info running = storedJob().started("2026-03-01 12:01:00.000000");
    redis.expire("root", 10);
    nodes.refreshed.forget(List.of("root")); // as if its refresh were long past

    nodes.update(running, new Lineage(List.of("root"), ROOT));

    assertThat(nodes.find("job")).contains(running);
    assertThat(redis.ttl("root")).as("ancestors refreshed").isBetween(3600L, 3660L);
    assertThat(updated.fired()).containsExactly(new NodeUpdated(running, running.toJson()));
    assertThat(nodes.own.isEcho("job", Messages.of("update", "job"))).isTrue();
  }

  @Test
  void aListenerThatFailsLeavesTheUpdateStanding() {
    Info running = storedJob().started("2026-03-01 12:01:00.000000");
    updated.failWith(new IllegalStateException("listener broke"));

    nodes.update(running, new Lineage(List.of("root"), ROOT));

    assertThat(nodes.find("job")).contains(running);
  }

  @Test
  void anUpdateThatFailsIsReportedToldToNoListenerAndNotExpectedBack() throws IOException {
    Info job = storedJob();
    redisUnreachable();

    assertThatThrownBy(
            () ->
                nodes.update(
                    job.started("2026-03-01 12:01:00.000000"), new Lineage(List.of("root"), ROOT)))
        .isInstanceOf(RuntimeException.class);

    assertThat(nodes.find("job")).contains(job);
    assertThat(updated.fired()).isEmpty();
    assertThat(nodes.own.isEcho("job", Messages.of("update", "job"))).isFalse();
  }

  @Test
  void aCreationThatFailsIsReportedAndTakenBackShouldRedisHaveStoredItAllTheSame()
      throws IOException {
    var refused = new RefusedCreations();
    refused.redis = redis;
    refused.scheduler = scheduler.scheduler();
    nodes.refused = refused;
    redisUnreachable();
    Info job = aJob("job").build();

    assertThatThrownBy(() -> nodes.create(job, new Lineage(List.of("root"), ROOT)))
        .isInstanceOf(RuntimeException.class);
    // As if Redis had run the write and only its answer was lost.
    redis.set("job", job.toJson());
    redis.sadd(RedisKeys.children("root"), "job");
    scheduler.runAll(5);

    assertThat(nodes.exists("job")).isFalse();
    assertThat(nodes.isMember("root", "job")).isFalse();
  }
}
