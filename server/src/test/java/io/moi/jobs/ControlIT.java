package io.moi.jobs;

import static io.moi.Eventually.await;
import static io.moi.Eventually.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.moi.ItHttp;
import io.moi.MoiServer;
import io.moi.PersistentRedis;
import io.moi.ServerPair;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Cancel, retries, delayed starts and re-runs on two moi servers sharing one Redis, as separate
 * Payara Micro processes started as {@code bin/moi-server} starts them. Each server runs two jobs
 * at once, so that four long jobs keep every slot busy.
 */
class ControlIT {

  private static final Map<String, String> SETTINGS =
      Map.of(
          "moi.contexts", "default",
          "moi.context.default.slots", "2",
          "moi.node.timeout", "5s",
          "moi.job.timeout", "5m");
  private static final Duration SLACK = Duration.ofSeconds(30);

  private static ServerPair servers;
  private static PersistentRedis redis;
  private static MoiServer a;
  private static MoiServer b;

  @BeforeAll
  static void twoServersOnOneRedis() throws Exception {
    servers = ServerPair.start("control-it", "ctl", SETTINGS);
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

  @Test
  void aRunningJobIsCancelledThroughTheServerThatDoesNotRunItAndItsProcessIsGoneWithinThreeSeconds()
      throws Exception {
    String marker = uniqueSleep();
    String id = alice(a).submitSystem("sleep " + marker);
    MoiServer runs = awaitServerRunning(marker);
    MoiServer other = runs == a ? b : a;
    List<ProcessHandle> processes = jobProcesses(runs, marker);

    Instant asked = Instant.now();
    var answer = cancel(alice(other), id);
    Duration gone =
        until(
            Duration.ofSeconds(10),
            "the job's process is gone",
            () -> processes.stream().noneMatch(ProcessHandle::isAlive));

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
    assertThat(gone)
        .as("from the cancel request to the process gone")
        .isLessThan(Duration.ofSeconds(3));
    JsonObject ended = awaitEnd(id);
    assertThat(ended.getString("status")).isEqualTo("Failed");
    assertThat(lastLine(ended)).startsWith("Cancelled by alice at ").endsWith(" UTC\n");
    assertThat(Duration.between(asked, Instant.now())).isLessThan(SLACK);
  }

  @Test
  void aQueuedJobCancelledEndsAtOnceAndNeverStartsAndAGroupCancelStopsEverythingUnderIt()
      throws Exception {
    String group = createGroup(alice(a), "batch " + UUID.randomUUID());
    List<String> busy = new ArrayList<>();
    List<String> markers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      String marker = uniqueSleep();
      markers.add(marker);
      busy.add(
          submit(
              alice(a),
              Json.createObjectBuilder()
                  .add("cmd", "sleep " + marker)
                  .add("cmdType", "system")
                  .add("parent", group)
                  .build()));
    }
    for (String marker : markers) {
      awaitServerRunning(marker);
    }
    String waiting =
        submit(
            alice(b),
            Json.createObjectBuilder()
                .add("cmd", "echo should-not-run")
                .add("cmdType", "system")
                .add("parent", group)
                .build());
    assertThat(alice(a).info(waiting).getString("status")).isEqualTo("Queued");

    var answer = cancel(alice(b), waiting);

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
    assertThat(ItHttp.json(answer.body()).getString("status")).isEqualTo("Failed");
    var groupAnswer = cancel(alice(a), group);
    assertThat(groupAnswer.statusCode()).as(groupAnswer.body()).isEqualTo(202);
    assertThat(ItHttp.json(groupAnswer.body()).getInt("cancelled")).isEqualTo(4);
    for (String id : busy) {
      JsonObject ended = awaitEnd(id);
      assertThat(ended.getString("status")).isEqualTo("Failed");
      assertThat(lastLine(ended)).startsWith("Cancelled by alice");
    }
    for (String marker : markers) {
      until(
          Duration.ofSeconds(10),
          "every process is gone",
          () -> jobProcesses(a, marker).isEmpty() && jobProcesses(b, marker).isEmpty());
    }
    JsonObject never = alice(a).info(waiting);
    assertThat(never.getString("status")).isEqualTo("Failed");
    assertThat(never.isNull("date_start")).as("the cancelled queued job never started").isTrue();
    assertThat(lastLine(never)).startsWith("Cancelled by alice");
    var again = cancel(alice(a), waiting);
    assertThat(again.statusCode()).as("cancelling an ended job: %s", again.body()).isEqualTo(409);
  }

  @Test
  void aFailingJobIsTriedAgainWithBackoffUntilItSucceeds() throws Exception {
    Path count = Files.createTempFile("moi-attempts", ".txt");
    String id =
        submit(
            alice(a),
            Json.createObjectBuilder()
                .add(
                    "cmd",
                    "echo x >> "
                        + count
                        + "; n=$(wc -l < "
                        + count
                        + "); echo attempt $n; [ $n -ge 3 ]")
                .add("cmdType", "system")
                .add("maxAttempts", 4)
                .add("backoff", "1s")
                .build());

    Set<String> statuses = new LinkedHashSet<>();
    JsonObject ended = awaitEnd(id, statuses);

    assertThat(ended.getString("status")).isEqualTo("Success");
    assertThat(ended.getJsonArray("result").getString(0)).isEqualTo("attempt 3\n");
    assertThat(statuses).anySatisfy(s -> assertThat(s).startsWith("Queued: attempt 2 of 4 at "));
    assertThat(statuses).anySatisfy(s -> assertThat(s).startsWith("Queued: attempt 3 of 4 at "));
    JsonObject state = ItHttp.json(alice(b).get("/api/jobs/" + id).body());
    assertThat(state.getInt("attempt")).isEqualTo(3);
    assertThat(state.getInt("maxAttempts")).isEqualTo(4);
    assertThat(state.getJsonArray("errors")).hasSize(2);
    Files.deleteIfExists(count);
  }

  @Test
  void aJobThatFailsEveryAttemptEndsFailedWithEveryAttemptsError() throws Exception {
    String id =
        submit(
            alice(b),
            Json.createObjectBuilder()
                .add("cmd", "echo oops >&2; exit 4")
                .add("cmdType", "system")
                .add("maxAttempts", 3)
                .add("backoff", 0.5)
                .build());

    JsonObject ended = awaitEnd(id);

    assertThat(ended.getString("status")).isEqualTo("Failed");
    List<String> lines =
        ended.getJsonArray("result").getValuesAs(JsonString.class).stream()
            .map(JsonString::getString)
            .toList();
    assertThat(lines)
        .containsSubsequence(
            "Attempt 1 of 3 failed:\n",
            "exit code 4\n",
            "Attempt 2 of 3 failed:\n",
            "exit code 4\n",
            "Attempt 3 of 3 failed:\n",
            "exit code 4\n");
    assertThat(lines.get(lines.size() - 1))
        .startsWith("Failed to execute: echo oops")
        .contains("oops");
  }

  @Test
  void aDelayedJobWaitsQueuedAndRunsAtItsTimeNotBefore() throws Exception {
    Instant due = Instant.now().plusSeconds(6).truncatedTo(ChronoUnit.SECONDS);
    String id =
        submit(
            alice(a),
            Json.createObjectBuilder()
                .add("cmd", "date +%s%N")
                .add("cmdType", "system")
                .add("runAt", due.toString())
                .build());

    JsonObject state = ItHttp.json(alice(b).get("/api/jobs/" + id).body());
    assertThat(state.getString("due"))
        .isEqualTo(due.toString().replace("T", " ").replace("Z", "") + " UTC");
    while (Instant.now().isBefore(due.minusMillis(500))) {
      JsonObject info = alice(b).info(id);
      assertThat(info.getString("status")).as("before its time").isEqualTo("Queued");
      assertThat(info.isNull("date_start")).isTrue();
      Thread.sleep(250); // not a poll for a change: it must stay Queued all this time
    }
    JsonObject ended = awaitEnd(id);

    assertThat(ended.getString("status")).isEqualTo("Success");
    long ranAtNanos = Long.parseLong(ended.getJsonArray("result").getString(0).strip());
    Instant ranAt = Instant.ofEpochSecond(0, ranAtNanos);
    assertThat(ranAt).as("when the job ran").isAfterOrEqualTo(due).isBefore(due.plusSeconds(5));
  }

  @Test
  void aFinishedJobRunsAgainAsANewJobUnderTheSameParent() throws Exception {
    String id = alice(a).submitSystem("echo same-command");
    JsonObject first = awaitEnd(id);

    var created = alice(b).post("/api/info/" + id + "/rerun", Json.createObjectBuilder().build());

    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonObject rerun = ItHttp.json(created.body());
    assertThat(rerun.getString("id")).isNotEqualTo(id);
    assertThat(rerun.getString("parent")).isEqualTo(first.getString("parent"));
    assertThat(created.headers().firstValue("Location").orElseThrow())
        .endsWith("/api/info/" + rerun.getString("id"));
    JsonObject again = awaitEnd(rerun.getString("id"));
    assertThat(again.getString("status")).isEqualTo("Success");
    assertThat(again.getJsonArray("result").getString(0)).isEqualTo("same-command\n");
  }

  @Test
  void anotherUsersJobIsRefusedExactlyLikeAMissingOne() throws Exception {
    String marker = uniqueSleep();
    String id = alice(a).submitSystem("sleep " + marker);
    String missing = UUID.randomUUID().toString();

    for (String path : List.of("/api/info/%s/cancel", "/api/info/%s/rerun")) {
      var theirs = bob(b).post(path.formatted(id), Json.createObjectBuilder().build());
      var none = bob(b).post(path.formatted(missing), Json.createObjectBuilder().build());
      assertThat(theirs.statusCode()).as("%s as bob: %s", path, theirs.body()).isEqualTo(404);
      assertThat(none.statusCode()).isEqualTo(404);
      assertThat(theirs.body().replace(id, "ID")).isEqualTo(none.body().replace(missing, "ID"));
    }
    var theirs = bob(a).get("/api/jobs/" + id);
    var none = bob(a).get("/api/jobs/" + missing);
    assertThat(theirs.statusCode()).isEqualTo(404);
    assertThat(theirs.body().replace(id, "ID")).isEqualTo(none.body().replace(missing, "ID"));
    assertThat(alice(a).info(id).getString("status")).isNotEqualTo("Failed");

    var byAdmin = cancel(ItHttp.as("root", a.baseUrl()), id);
    assertThat(byAdmin.statusCode()).as(byAdmin.body()).isEqualTo(202);
    assertThat(lastLine(awaitEnd(id))).startsWith("Cancelled by root at ");
  }

  @Test
  void removingARunningJobStopsItInsteadOfLeavingItToRunUnseen() throws Exception {
    String marker = uniqueSleep();
    String id = alice(a).submitSystem("sleep " + marker + "; echo finished");
    MoiServer runs = awaitServerRunning(marker);
    List<ProcessHandle> processes = jobProcesses(runs, marker);

    var removed = alice(runs == a ? b : a).delete("/api/info/" + id);

    assertThat(removed.statusCode()).as(removed.body()).isEqualTo(204);
    until(
        Duration.ofSeconds(3),
        "the removed job's process is gone",
        () -> processes.stream().noneMatch(ProcessHandle::isAlive));
    until(
        SLACK,
        "the removed job ended",
        () -> {
          try (var jedis = redis.client()) {
            String json = jedis.get(id);
            return json != null
                && json.contains("\"status\":\"Failed\"")
                && json.contains("Cancelled by alice at ");
          }
        });
  }

  @Test
  void badControlFieldsAreRefusedNamingTheFieldAndStoreNothing() throws Exception {
    for (var body :
        List.of(
            Json.createObjectBuilder()
                .add("cmd", "true")
                .add("cmdType", "system")
                .add("maxAttempts", 0),
            Json.createObjectBuilder()
                .add("cmd", "true")
                .add("cmdType", "system")
                .add("backoff", "soon"),
            Json.createObjectBuilder()
                .add("cmd", "true")
                .add("cmdType", "system")
                .add("runAt", "tomorrow"),
            Json.createObjectBuilder()
                .add("cmd", "true")
                .add("cmdType", "system")
                .add("delay", "5s")
                .add("runAt", "2030-01-01T00:00:00Z"))) {
      JsonObject request = body.build();
      var refused = alice(a).post("/api/jobs", request);
      assertThat(refused.statusCode()).as("%s: %s", request, refused.body()).isEqualTo(400);
      assertThat(ItHttp.json(refused.body()).getString("detail"))
          .containsAnyOf("maxAttempts", "backoff", "runAt", "delay");
    }
  }

  // --- helpers

  private static ItHttp alice(MoiServer server) {
    return ItHttp.as("alice", server.baseUrl());
  }

  private static ItHttp bob(MoiServer server) {
    return ItHttp.as("bob", server.baseUrl());
  }

  private static HttpResponse<String> cancel(ItHttp as, String id) throws Exception {
    return as.post("/api/info/" + id + "/cancel", Json.createObjectBuilder().build());
  }

  private static String submit(ItHttp as, JsonObject body) throws Exception {
    var created = as.post("/api/jobs", body);
    assertThat(created.statusCode())
        .as("POST /api/jobs %s: %s", body, created.body())
        .isEqualTo(201);
    return ItHttp.json(created.body()).getString("id");
  }

  private static String createGroup(ItHttp as, String name) throws Exception {
    var created = as.post("/api/groups", Json.createObjectBuilder().add("name", name).build());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return ItHttp.json(created.body()).getString("id");
  }

  /** A sleep argument no other job uses, so that its process can be found. */
  private static String uniqueSleep() {
    return (3000 + ThreadLocalRandom.current().nextInt(5000))
        + "."
        + ThreadLocalRandom.current().nextInt(1000, 9999);
  }

  private static List<ProcessHandle> jobProcesses(MoiServer server, String sleepArgument) {
    return server.descendants().stream()
        .filter(
            p ->
                p.info().command().orElse("").endsWith("/sleep")
                    && List.of(p.info().arguments().orElse(new String[0])).contains(sleepArgument))
        .toList();
  }

  private static MoiServer awaitServerRunning(String sleepArgument) throws Exception {
    return await(
        SLACK,
        "a server running sleep " + sleepArgument,
        () ->
            List.of(a, b).stream()
                .filter(server -> !jobProcesses(server, sleepArgument).isEmpty())
                .findFirst()
                .orElse(null),
        Objects::nonNull);
  }

  private static JsonObject awaitEnd(String id) throws Exception {
    return awaitEnd(id, new LinkedHashSet<>());
  }

  /** The job's info once it ended; {@code statuses} collects the statuses seen on the way. */
  private static JsonObject awaitEnd(String id, Set<String> statuses) throws Exception {
    return await(
        Duration.ofSeconds(60),
        "job " + id + " ended",
        () -> {
          JsonObject latest = alice(a).info(id);
          if (latest == null) {
            latest = ItHttp.as("root", a.baseUrl()).info(id);
          }
          statuses.add(latest == null ? "missing" : latest.getString("status", ""));
          return latest;
        },
        info ->
            info != null && List.of("Success", "Failed").contains(info.getString("status", "")));
  }

  private static String lastLine(JsonObject info) {
    var lines = info.getJsonArray("result");
    return lines.getString(lines.size() - 1);
  }
}
