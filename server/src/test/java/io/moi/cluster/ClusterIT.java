package io.moi.cluster;

import static io.moi.Eventually.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.moi.ItHttp;
import io.moi.MoiServer;
import io.moi.PersistentRedis;
import io.moi.ServerPair;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two moi servers on one Redis of the test's own (append-only file on), as separate Payara Micro
 * processes: work spreads over both, and no accepted job is lost when a server is killed, stopped,
 * or every server dies, nor when Redis restarts. The servers are shared by the tests, in any order;
 * a test that kills or stops one leaves it down, and the next test starts it again (with the same
 * node ID) before it begins. A system job's {@code pwd} tells which server ran it: each server
 * keeps its jobs' folders in a temporary folder of its own.
 */
class ClusterIT {

  private static final Duration NODE_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration GRACE = Duration.ofSeconds(3);

  /** What a loaded two-core machine adds to each wait, on top of what the contract allows. */
  private static final Duration SLACK = Duration.ofSeconds(15);

  private static final Map<String, String> SETTINGS =
      Map.of(
          "moi.node.timeout", NODE_TIMEOUT.toSeconds() + "s",
          "moi.shutdown.grace", GRACE.toSeconds() + "s",
          "moi.job.max-stalled", "1",
          "moi.contexts", "default",
          "moi.job.timeout", "5m");

  private static ServerPair servers;
  private static PersistentRedis redis;
  private static MoiServer a;
  private static MoiServer b;

  @BeforeAll
  static void twoServersOnOneRedis() throws Exception {
    servers = ServerPair.start("cluster-it", "it", SETTINGS);
    redis = servers.redis();
    a = servers.a();
    b = servers.b();
  }

  @AfterAll
  static void stopEverything() throws Exception {
    if (servers != null) {
      servers.close();
    }
  }

  /** A test that killed or stopped a server left it down: it comes back under the same node ID. */
  @BeforeEach
  void bothServersRun() throws Exception {
    for (MoiServer server : List.of(a, b)) {
      if (!server.isAlive()) {
        server.restart();
      }
    }
  }

  @Test
  void jobsSubmittedToEitherServerRunAndEitherAnswersForBoth() throws Exception {
    String onA = alice(a).submitSystem("echo from-a");
    String onB = alice(b).submitSystem("echo from-b");

    Map<String, JsonObject> ended = awaitEnd(List.of(onA, onB), Duration.ofSeconds(30));

    assertThat(ended.values()).extracting(info -> info.getString("status")).containsOnly("Success");
    assertThat(stdout(ended.get(onA))).isEqualTo("from-a\n");
    assertThat(alice(b).info(onA)).as("A's job read on B").isEqualTo(alice(a).info(onA));
    assertThat(alice(a).info(onB)).as("B's job read on A").isEqualTo(alice(b).info(onB));
  }

  @Test
  void theNodeListShowsBothLiveServersToAnAdminOnly() throws Exception {
    for (MoiServer server : List.of(a, b)) {
      JsonObject body = nodes(server);
      assertThat(nodeIds(body)).containsExactlyInAnyOrder(a.nodeId(), b.nodeId());
      assertThat(body.getJsonObject("queues")).containsKey("default");
      JsonObject heartbeat =
          body.getJsonArray("nodes").getValuesAs(JsonObject.class).stream()
              .filter(n -> n.getString("id").equals(server.nodeId()))
              .findFirst()
              .orElseThrow();
      assertThat(heartbeat.getJsonArray("running")).isNotNull();
      assertThat(heartbeat.getJsonObject("contexts").getJsonObject("default").getInt("slots"))
          .isEqualTo(4);

      try (var redis = ClusterIT.redis.client()) {
        String key = "moi:node:" + server.nodeId();
        assertThat(ItHttp.json(redis.get(key)).getString("id")).isEqualTo(server.nodeId());
        assertThat(redis.pttl(key)).as("expiry of %s", key).isBetween(1L, NODE_TIMEOUT.toMillis());
        assertThat(redis.zscore("moi:nodes", server.nodeId()))
            .as("%s among the servers seen", server)
            .isNotNull();
        assertThat(redis.xinfoGroups("moi:queue:default"))
            .extracting(g -> g.getName())
            .containsExactly("moi");
      }
      for (String user : List.of("alice", "carol")) {
        var refused = ItHttp.as(user, server.baseUrl()).get("/api/nodes");
        assertThat(refused.statusCode())
            .as("GET /api/nodes as %s: %s", user, refused.body())
            .isEqualTo(403);
        assertThat(ItHttp.json(refused.body()).getInt("status")).isEqualTo(403);
      }
    }
  }

  @Test
  void workSubmittedToOneServerSpreadsOverBoth() throws Exception {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      ids.add(alice(a).submitSystem("sleep 1; pwd"));
    }

    Map<String, JsonObject> ended = awaitEnd(ids, Duration.ofSeconds(60));

    assertThat(ended.values()).extracting(info -> info.getString("status")).containsOnly("Success");
    Map<String, Long> ranOn =
        ended.values().stream()
            .collect(Collectors.groupingBy(ClusterIT::server, TreeMap::new, Collectors.counting()));
    System.out.println("20 jobs submitted to " + a.nodeId() + " ran on: " + ranOn);
    assertThat(ranOn).containsOnlyKeys(a.nodeId(), b.nodeId());
  }

  @Test
  void aServerStoppedWithSigtermHandsItsLongJobToTheOther() throws Exception {
    String id = alice(a).submitSystem("sleep 12.04; pwd");
    MoiServer running = awaitServerRunning("12.04", Duration.ofSeconds(20));
    MoiServer other = running == a ? b : a;

    Instant stopping = Instant.now();
    running.stop(GRACE.plus(Duration.ofSeconds(60)));
    System.out.println(
        "SIGTERM to "
            + running.nodeId()
            + ": exited after "
            + Duration.between(stopping, Instant.now()).toMillis()
            + " ms");

    JsonObject ended =
        awaitEnd(List.of(id), NODE_TIMEOUT.plus(Duration.ofSeconds(13)).plus(SLACK), other).get(id);
    System.out.println(
        "the handed-back job ended "
            + Duration.between(stopping, Instant.now()).toMillis()
            + " ms after the SIGTERM: "
            + ended);
    assertThat(ended.getString("status")).as("%s", ended).isEqualTo("Success");
    assertThat(server(ended)).isEqualTo(other.nodeId());
  }

  @Test
  void aRedisRestartLosesNoAcceptedJob() throws Exception {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      ids.add(alice(i % 2 == 0 ? a : b).submitSystem("sleep 2; pwd"));
    }
    // The jobs are accepted (201): from here on Redis holds every one of them.
    Instant restarting = Instant.now();
    redis.restart();
    System.out.println(
        "Redis restarted in " + Duration.between(restarting, Instant.now()).toMillis() + " ms");

    for (MoiServer server : List.of(a, b)) {
      until(
          Duration.ofSeconds(30),
          server + " ready again",
          () -> statusOf(server, "/health/ready") == 200);
    }
    assertThat(statuses(ids.stream().map(id -> infoOrNull(b, id)).toList()))
        .as("every accepted job, at once")
        .doesNotContain("missing");
    Map<String, JsonObject> ended = awaitEnd(ids, Duration.ofSeconds(90));
    System.out.println("after the Redis restart: " + statuses(ended.values()));
    assertThat(ended).as("every accepted job still exists").containsOnlyKeys(ids);
  }

  @Test
  void killingAServerMidJobLosesNothingAndItLeavesTheNodeList() throws Exception {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      ids.add(alice(a).submitSystem("sleep 6.06; pwd"));
    }
    until(Duration.ofSeconds(20), a + " running a job", () -> !jobProcesses(a, "6.06").isEmpty());
    int killedJobs = jobProcesses(a, "6.06").size();

    Instant killed = Instant.now();
    a.kill9();

    until(
        NODE_TIMEOUT.plus(SLACK),
        a.nodeId() + " gone from GET /api/nodes",
        () -> !nodeIds(nodes(b)).contains(a.nodeId()));
    Duration gone = Duration.between(killed, Instant.now());
    System.out.println(
        "kill -9 of "
            + a.nodeId()
            + " (running "
            + killedJobs
            + " jobs): left the node list after "
            + gone.toMillis()
            + " ms");
    assertThat(gone).isLessThanOrEqualTo(NODE_TIMEOUT.plus(Duration.ofSeconds(3)));
    assertThat(nodeIds(nodes(b))).containsExactly(b.nodeId());
    until(
        NODE_TIMEOUT.plus(SLACK),
        a.nodeId() + " forgotten once recovered",
        () -> {
          try (var redis = ClusterIT.redis.client()) {
            return redis.zscore("moi:nodes", a.nodeId()) == null;
          }
        });

    // b runs 4 at a time: the killed ones again and what was still queued, in at most 3 rounds.
    Map<String, JsonObject> ended =
        awaitEnd(ids, NODE_TIMEOUT.plus(Duration.ofSeconds(3 * 7)).plus(SLACK), b);
    System.out.println(
        "every job ended "
            + Duration.between(killed, Instant.now()).toMillis()
            + " ms after the kill: "
            + statuses(ended.values()));
    assertThat(ended.values()).extracting(info -> info.getString("status")).containsOnly("Success");
    assertThat(ended.values()).extracting(ClusterIT::server).containsOnly(b.nodeId());
  }

  @Test
  void aJobWhoseServerDiesMoreOftenThanMaxStalledEndsFailed() throws Exception {
    String id = alice(a).submitSystem("sleep 30.08; pwd");
    MoiServer first = awaitServerRunning("30.08", Duration.ofSeconds(20));
    MoiServer second = first == a ? b : a;
    first.kill9();
    until(
        NODE_TIMEOUT.plus(SLACK),
        "the job running again on " + second,
        () -> !jobProcesses(second, "30.08").isEmpty());
    second.kill9();
    first.restart();

    // max-stalled 1: lost once it ran again; lost twice it ends
    JsonObject ended = awaitEnd(List.of(id), NODE_TIMEOUT.plus(SLACK), first).get(id);
    System.out.println("lost twice: " + ended);
    assertThat(ended.getString("status")).isEqualTo("Failed");
    var lines = ended.getJsonArray("result");
    assertThat(lines.getString(lines.size() - 1))
        .as("what happened, last")
        .contains(second.nodeId(), "lost");
  }

  @Test
  void aQueuedJobOutlivesEveryServerAndRunsWhenOneComesBack() throws Exception {
    List<String> running = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      running.add(alice(i % 2 == 0 ? a : b).submitSystem("sleep 5.07; pwd"));
    }
    List<String> queued = List.of(alice(a).submitSystem("pwd"), alice(b).submitSystem("pwd"));
    until(
        Duration.ofSeconds(20),
        "8 jobs running, 4 on each server",
        () -> jobProcesses(a, "5.07").size() == 4 && jobProcesses(b, "5.07").size() == 4);
    assertThat(statuses(queued.stream().map(id -> infoOrNull(a, id)).toList()))
        .as("with every slot taken")
        .containsOnly("Queued");

    a.kill9();
    b.kill9();
    Instant back = Instant.now();
    a.restart();
    System.out.println(
        a.nodeId() + " back after " + Duration.between(back, Instant.now()).toMillis() + " ms");

    List<String> all = new ArrayList<>(running);
    all.addAll(queued);
    // a runs 4 at a time: two rounds of the killed ones, once b's heartbeat has expired
    Map<String, JsonObject> ended =
        awaitEnd(all, NODE_TIMEOUT.plus(Duration.ofSeconds(3 * 6)).plus(SLACK), a);
    System.out.println(
        "every job ended "
            + Duration.between(back, Instant.now()).toMillis()
            + " ms after "
            + a.nodeId()
            + " came back: "
            + statuses(ended.values()));
    assertThat(ended.values()).extracting(info -> info.getString("status")).containsOnly("Success");
    assertThat(ended.values()).extracting(ClusterIT::server).containsOnly(a.nodeId());
  }

  private static ItHttp alice(MoiServer server) {
    return ItHttp.as("alice", server.baseUrl());
  }

  private static ItHttp root(MoiServer server) {
    return ItHttp.as("root", server.baseUrl());
  }

  /** GET /api/nodes as an admin: 200 or an AssertionError with the answer. */
  private static JsonObject nodes(MoiServer server) throws Exception {
    var response = root(server).get("/api/nodes");
    assertThat(response.statusCode())
        .as("GET /api/nodes as an admin on %s: %s", server, response.body())
        .isEqualTo(200);
    return ItHttp.json(response.body());
  }

  private static Set<String> nodeIds(JsonObject nodes) {
    return nodes.getJsonArray("nodes").getValuesAs(JsonObject.class).stream()
        .map(n -> n.getString("id"))
        .collect(Collectors.toSet());
  }

  /** Which server ran a job that printed its working folder. */
  private static String server(JsonObject info) {
    String pwd = stdout(info);
    for (MoiServer server : List.of(a, b)) {
      if (pwd.startsWith(server.tmp().toString())) {
        return server.nodeId();
      }
    }
    return "unknown (" + pwd.strip() + ")";
  }

  /** A system job's result is {@code [stdout, stderr, exit code]}. */
  private static String stdout(JsonObject info) {
    return info.getJsonArray("result").getJsonString(0).getString();
  }

  private static List<String> statuses(Collection<JsonObject> infos) {
    return infos.stream().map(i -> i == null ? "missing" : i.getString("status")).toList();
  }

  /** The job processes (sleep with that argument) running under a server. */
  private static List<ProcessHandle> jobProcesses(MoiServer server, String sleepArgument) {
    return server.descendants().stream()
        .filter(
            p ->
                p.info().command().orElse("").endsWith("/sleep")
                    && List.of(p.info().arguments().orElse(new String[0])).contains(sleepArgument))
        .toList();
  }

  private static MoiServer awaitServerRunning(String sleepArgument, Duration within)
      throws Exception {
    MoiServer[] found = new MoiServer[1];
    until(
        within,
        "a server running the job",
        () -> {
          for (MoiServer server : List.of(a, b)) {
            if (!jobProcesses(server, sleepArgument).isEmpty()) {
              found[0] = server;
              return true;
            }
          }
          return false;
        });
    return found[0];
  }

  private static JsonObject infoOrNull(MoiServer server, String id) {
    try {
      return alice(server).info(id);
    } catch (Exception e) {
      return null;
    }
  }

  private static int statusOf(MoiServer server, String path) {
    try {
      return alice(server).get(path).statusCode();
    } catch (Exception e) {
      return -1;
    }
  }

  private static Map<String, JsonObject> awaitEnd(List<String> ids, Duration within)
      throws Exception {
    return awaitEnd(ids, within, a.isAlive() ? a : b);
  }

  /**
   * Every job's info once all are Success or Failed, read through {@code via}; an AssertionError
   * naming the rest at the deadline.
   */
  private static Map<String, JsonObject> awaitEnd(List<String> ids, Duration within, MoiServer via)
      throws Exception {
    Map<String, JsonObject> latest = new LinkedHashMap<>();
    try {
      until(
          within,
          "every job ended",
          () -> {
            for (String id : ids) {
              JsonObject known = latest.get(id);
              if (known == null || !ended(known)) {
                latest.put(id, infoOrNull(via, id));
              }
            }
            return latest.values().stream().allMatch(i -> i != null && ended(i));
          });
    } catch (AssertionError late) {
      Map<String, String> open = new TreeMap<>();
      latest.forEach(
          (id, info) -> {
            if (info == null || !ended(info)) {
              open.put(id, info == null ? "missing" : info.getString("status"));
            }
          });
      throw new AssertionError("not ended within " + within + ": " + open, late);
    }
    return latest;
  }

  private static boolean ended(JsonObject info) {
    String status = info.getString("status", "");
    return status.equals("Success") || status.equals("Failed");
  }
}
