package io.moi.tree.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.moi.ContainerStandIns.HandScheduler;
import io.moi.ContainerStandIns.RecordedEvent;
import io.moi.LocalRedis;
import io.moi.redis.Redis;
import io.moi.redis.RedisKeys;
import io.moi.redis.TestExpiry;
import io.moi.redis.TestRedis;
import io.moi.tree.entity.Info;
import io.moi.tree.entity.Lineage;
import io.moi.tree.entity.NodeUpdated;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.UnifiedJedis;

/** Creating and detaching nodes in a real Redis. */
class NodesWriteTest {

  @RegisterExtension static final LocalRedis REDIS = new LocalRedis();

  private static final LocalDateTime DAY = LocalDateTime.of(2026, 3, 1, 12, 0);
  private static final Info ROOT = Info.newGroup("root", "alice", null, DAY);

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
    Info job = Info.newJob("job", "j", "root", "default", null, DAY);
    nodes.create(job, new Lineage(List.of("root"), ROOT));
    return job;
  }

  @Test
  void aCreatedNodeIsStoredInItsParentsSetWithTheRetentionAndItsAncestorsRefreshed() {
    redis.set("root", ROOT.toJson());
    redis.set("group", Info.newGroup("group", "g", "root", DAY).toJson());
    redis.sadd(RedisKeys.children("root"), "group");
    Info job = Info.newJob("job", "j", "group", "default", null, DAY);

    nodes.create(job, new Lineage(List.of("group", "root"), ROOT));

    assertThat(nodes.find("job")).contains(job);
    assertThat(nodes.isMember("group", "job")).isTrue();
    assertThat(redis.ttl("job")).isBetween(3000L, 3600L);
    assertThat(redis.ttl("group")).isBetween(3000L, 3600L);
    assertThat(redis.ttl(RedisKeys.children("group"))).isBetween(3000L, 3600L);
    assertThat(redis.ttl(RedisKeys.children("root"))).isBetween(3000L, 3600L);
  }

  @Test
  void aRootThatExpiredIsCreatedAgainButAnExistingOneIsLeftAsItIs() {
    Info job = Info.newJob("job", "j", "root", "default", null, DAY);

    nodes.create(job, new Lineage(List.of("root"), ROOT));

    assertThat(nodes.find("root")).contains(ROOT);

    Info renamed = Info.newGroup("root", "renamed", null, DAY);
    redis.set("root", renamed.toJson());
    nodes.create(Info.newJob("job-2", "j", "root", "default", null, DAY), new Lineage(List.of("root"), ROOT));

    assertThat(nodes.find("root")).contains(renamed);
  }

  @Test
  void aDetachedNodeLeavesItsParentsSetButKeepsItsInfo() {
    Info job = Info.newJob("job", "j", "root", "default", null, DAY);
    nodes.create(job, new Lineage(List.of("root"), ROOT));

    nodes.detach(job);

    assertThat(nodes.isMember("root", "job")).isFalse();
    assertThat(nodes.exists("job")).isTrue();
  }

  @Test
  void anUpdateIsStoredPassedToThisServersListenersAndItsMessageExpectedBack() {
    Info running = storedJob().started(DAY.plusMinutes(1));
    redis.expire("root", 10);

    nodes.update(running, new Lineage(List.of("root"), ROOT));

    assertThat(nodes.find("job")).contains(running);
    assertThat(redis.ttl("root")).as("ancestors refreshed").isBetween(3000L, 3600L);
    assertThat(updated.fired()).containsExactly(new NodeUpdated(running, running.toJson()));
    assertThat(nodes.own.isEcho("job", Messages.of("update", "job"))).isTrue();
  }

  @Test
  void aListenerThatFailsLeavesTheUpdateStanding() {
    Info running = storedJob().started(DAY.plusMinutes(1));
    updated.failWith(new IllegalStateException("listener broke"));

    nodes.update(running, new Lineage(List.of("root"), ROOT));

    assertThat(nodes.find("job")).contains(running);
  }

  @Test
  void anUpdateThatFailsIsReportedToldToNoListenerAndNotExpectedBack() throws IOException {
    Info job = storedJob();
    redisUnreachable();

    assertThatThrownBy(() -> nodes.update(job.started(DAY.plusMinutes(1)), new Lineage(List.of("root"), ROOT)))
        .isInstanceOf(RuntimeException.class);

    assertThat(nodes.find("job")).contains(job);
    assertThat(updated.fired()).isEmpty();
    assertThat(nodes.own.isEcho("job", Messages.of("update", "job"))).isFalse();
  }

  @Test
  void aCreationThatFailsIsReportedAndTakenBackShouldRedisHaveStoredItAllTheSame() throws IOException {
    var refused = new RefusedCreations();
    refused.redis = redis;
    refused.scheduler = scheduler.scheduler();
    nodes.refused = refused;
    redisUnreachable();
    Info job = Info.newJob("job", "j", "root", "default", null, DAY);

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
