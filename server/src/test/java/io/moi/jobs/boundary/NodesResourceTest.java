package io.moi.jobs.boundary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.moi.ContainerStandIns;
import io.moi.LocalRedis;
import io.moi.api.JsonBodies;
import io.moi.cluster.control.Heartbeats;
import io.moi.cluster.control.TestQueues;
import io.moi.cluster.control.WorkQueue;
import io.moi.cluster.entity.Work;
import io.moi.jobs.control.TestJobBeans;
import io.moi.redis.Redis;
import io.moi.redis.RedisKeys;
import io.moi.redis.TestRedis;
import io.moi.security.entity.Roles;
import io.moi.tree.entity.Dates;
import io.moi.tree.entity.Info;
import io.moi.tree.entity.Lineage;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotAuthorizedException;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** GET nodes: the live servers' heartbeats and every context's queue, for admins only. */
class NodesResourceTest {

  @RegisterExtension static final LocalRedis REDIS = new LocalRedis();

  private static final long TTL = 60_000;

  private Redis connections;
  private Heartbeats heartbeats;
  private WorkQueue queue;
  private NodesResource resource;

  @BeforeEach
  void build() {
    connections = TestRedis.open(REDIS.url());
    heartbeats = TestQueues.heartbeats(REDIS.client());
    queue = TestQueues.queue(REDIS.client(), connections);
    resource = new NodesResource();
    resource.heartbeats = heartbeats;
    resource.queue = queue;
    resource.contexts =
        TestJobBeans.contexts(TestJobBeans.defaultSettings().set("moi.contexts", "default,gpu"));
    List.of("default", "gpu").forEach(queue::ensureGroup);
    signIn("root", Roles.USER, Roles.ADMIN);
  }

  @AfterEach
  void close() {
    TestRedis.close(connections);
  }

  private void signIn(String name, String... roles) {
    resource.security = ContainerStandIns.signedIn(name, roles);
  }

  /** A heartbeat as ClusterNode writes it. */
  private static String beat(String id, int busy, String... running) {
    var jobs = JsonBodies.json().createArrayBuilder();
    List.of(running).forEach(jobs::add);
    return JsonBodies.json()
        .createObjectBuilder()
        .add("id", id)
        .add("host", "host-of-" + id)
        .add("started", "2026-12-02 10:00:00.000000")
        .add("beat", Dates.now())
        .add("running", jobs)
        .add(
            "contexts",
            JsonBodies.json()
                .createObjectBuilder()
                .add(
                    "default",
                    JsonBodies.json().createObjectBuilder().add("slots", 4).add("busy", busy))
                .add("gpu", JsonBodies.json().createObjectBuilder().add("slots", 1).add("busy", 0)))
        .build()
        .toString();
  }

  private void enqueue(String context, String jobId) {
    var root = Info.newGroup("root-group", "unnamed", null, Dates.now());
    queue
        .add(
            context,
            Work.code(jobId, "python", "return 1", new Lineage(List.of("root-group"), root)))
        .execute(connections);
  }

  private JsonObject answer() {
    try (var reader = JsonBodies.json().createReader(new StringReader(resource.list()))) {
      return reader.readObject();
    }
  }

  private static JsonObject parse(String json) {
    try (var reader = JsonBodies.json().createReader(new StringReader(json))) {
      return reader.readObject();
    }
  }

  @Test
  void anAdminSeesEveryLiveServersHeartbeatSortedById() {
    String second = beat("server-b", 0);
    String first = beat("server-a", 2, "job-1", "job-2");
    heartbeats.beat("server-b", second, TTL);
    heartbeats.beat("server-a", first, TTL);

    assertThat(answer().getJsonArray("nodes")).containsExactly(parse(first), parse(second));
  }

  @Test
  void anAdminSeesEachContextsQueueDepthAndWhatEachServerHolds() {
    assertThat(answer().getJsonObject("queues"))
        .isEqualTo(
            parse(
                "{\"default\": {\"depth\": 0, \"held\": {}}, \"gpu\": {\"depth\": 0, \"held\": {}}}"));

    enqueue("default", "job-1");
    enqueue("default", "job-2");
    enqueue("default", "job-3");
    enqueue("gpu", "job-4");
    try (var reader = queue.reader(100)) {
      assertThat(queue.take(reader, "default", "server-a", 2, 100)).hasSize(2);
    }

    assertThat(answer().getJsonObject("queues"))
        .isEqualTo(
            parse(
                "{\"default\": {\"depth\": 3, \"held\": {\"server-a\": 2}}, \"gpu\": {\"depth\": 1, \"held\": {}}}"));
  }

  @Test
  void aServerWhoseHeartbeatExpiredIsNotListed() throws InterruptedException {
    heartbeats.beat("alive", beat("alive", 0), TTL);
    heartbeats.beat("silent", beat("silent", 1, "job-9"), 50);
    TestJobBeans.eventually(
        () -> !REDIS.client().exists(RedisKeys.node("silent")), "the heartbeat expires");

    // Still among the servers seen (nobody has recovered it yet), but no longer live.
    assertThat(heartbeats.known()).containsExactlyInAnyOrder("alive", "silent");
    assertThat(answer().getJsonArray("nodes"))
        .extracting(node -> node.asJsonObject().getString("id"))
        .containsExactly("alive");
  }

  @Test
  void withNoServerTheListIsEmpty() {
    assertThat(answer().getJsonArray("nodes")).isEqualTo(JsonValue.EMPTY_JSON_ARRAY);
  }

  @Test
  void aUserWhoIsNoAdminIsRefused() {
    heartbeats.beat("server-a", beat("server-a", 0), TTL);
    signIn("alice", Roles.USER, Roles.EXEC);

    assertThatThrownBy(resource::list)
        .isInstanceOf(ForbiddenException.class)
        .hasMessage("listing servers needs the role moi-admin");
  }

  @Test
  void nobodySignedInIsAskedToLogIn() {
    resource.security = ContainerStandIns.anonymous();

    assertThatThrownBy(resource::list).isInstanceOf(NotAuthorizedException.class);
  }
}
