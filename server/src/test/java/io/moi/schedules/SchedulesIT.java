package io.moi.schedules;

import static io.moi.Eventually.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.moi.ItAccounts;
import io.moi.ItHttp;
import io.moi.MoiServer;
import io.moi.PersistentRedis;
import io.moi.ServerPair;
import io.moi.cli.Runs;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A schedule on two moi servers (separate Payara Micro processes) sharing one Redis: both tick
 * every second and try to fire every due time, and each due time makes exactly one job.
 */
class SchedulesIT {

  private static final int MINUTES = 3;
  private static final Map<String, String> SETTINGS =
      Map.of("moi.contexts", "default", "moi.node.timeout", "5s");

  private static ServerPair servers;
  private static PersistentRedis redis;
  private static MoiServer a;
  private static MoiServer b;

  @BeforeAll
  static void twoServersOnOneRedis() throws Exception {
    servers = ServerPair.start("schedules-it", "sched", SETTINGS);
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
  void aScheduleEveryMinuteOnTwoServersMakesExactlyOneJobPerMinute() throws Exception {
    var alice = ItHttp.as("alice", a.baseUrl());
    var group =
        alice.post("/api/groups", Json.createObjectBuilder().add("name", "every minute").build());
    assertThat(group.statusCode()).as(group.body()).isEqualTo(201);
    String parent = ItHttp.json(group.body()).getString("id");
    JsonObject schedule =
        created(
            alice.post(
                "/api/schedules",
                Json.createObjectBuilder()
                    .add("name", "tick")
                    .add("cron", "* * * * *")
                    .add("cmd", "echo tick")
                    .add("cmdType", "system")
                    .add("parent", parent)
                    .build()));
    String id = schedule.getString("id");
    Instant first =
        Instant.parse(schedule.getString("next").replace(" UTC", "Z").replace(' ', 'T'));
    Instant third = first.plus(Duration.ofMinutes(MINUTES - 1));
    System.out.println("schedule " + id + " created, first due " + first);

    // Each server's copy of the schedule is read from the one Redis: B answers for A's schedule.
    assertThat(ItHttp.as("alice", b.baseUrl()).get("/api/schedules/" + id).statusCode())
        .isEqualTo(200);
    until(
        Duration.between(Instant.now(), third).plusSeconds(60),
        "the third due time fired",
        () -> lastAt(id).map(at -> !at.isBefore(third)).orElse(false));
    // A second job for the same time, had it come, would have come within the same tick: give
    // both servers a few more ticks, well before the fourth time, then stop the schedule.
    Thread.sleep(3_000); // not a poll: what matters is that no second job comes
    var paused = alice.post("/api/schedules/" + id + "/pause", Json.createObjectBuilder().build());
    assertThat(paused.statusCode()).as(paused.body()).isEqualTo(200);

    Set<String> jobs;
    try (var client = redis.client()) {
      jobs = client.smembers(parent + ":children");
    }
    Map<String, String> createdAt = new TreeMap<>();
    for (String job : jobs) {
      JsonObject info = alice.info(job);
      assertThat(info.getString("name")).isEqualTo("tick");
      createdAt.put(info.getString("date_created").substring(0, 16), job);
    }
    System.out.println(
        jobs.size()
            + " jobs under the schedule's group in "
            + MINUTES
            + " minutes: "
            + createdAt
            + "; fired by "
            + a.nodeId()
            + ": "
            + firings(a, id)
            + ", by "
            + b.nodeId()
            + ": "
            + firings(b, id));
    assertThat(jobs).as("jobs under the schedule's group").hasSize(MINUTES);
    assertThat(createdAt).as("one job per minute").hasSize(MINUTES);
    assertThat(firings(a, id) + firings(b, id)).isEqualTo(MINUTES);
    JsonObject last = ItHttp.json(alice.get("/api/schedules/" + id).body()).getJsonObject("last");
    assertThat(jobs).contains(last.getString("job"));
    for (String job : jobs) {
      until(
          Duration.ofSeconds(60),
          "job " + job + " ended",
          () -> "Success".equals(infoOrEmpty(alice, job).getString("status", "")));
    }
  }

  @Test
  void anotherUsersScheduleAnswers404AndIsLeftAlone() throws Exception {
    var alice = ItHttp.as("alice", a.baseUrl());
    JsonObject schedule =
        created(
            alice.post(
                "/api/schedules",
                Json.createObjectBuilder()
                    .add("cron", "0 3 * * *")
                    .add("zone", "Europe/Paris")
                    .add("cmd", "return 1")
                    .build()));
    String path = "/api/schedules/" + schedule.getString("id");

    for (MoiServer server : List.of(a, b)) {
      var bob = ItHttp.as("bob", server.baseUrl());
      var answers =
          List.of(
              bob.get(path),
              bob.post(path + "/pause", Json.createObjectBuilder().build()),
              bob.post(path + "/resume", Json.createObjectBuilder().build()),
              bob.delete(path),
              bob.get("/api/schedules/no-such-schedule"));
      for (var answer : answers) {
        assertThat(answer.statusCode())
            .as("%s %s as bob: %s", answer.request().method(), answer.uri(), answer.body())
            .isEqualTo(404);
        assertThat(ItHttp.json(answer.body()).getString("detail"))
            .startsWith("no schedule with ID");
      }
      assertThat(ItHttp.json(bob.get("/api/schedules").body()).getJsonArray("schedules")).isEmpty();
    }
    assertThat(ItHttp.json(alice.get(path).body())).isEqualTo(schedule);
    var refused =
        alice.post(
            "/api/schedules",
            Json.createObjectBuilder().add("cron", "* * * *").add("cmd", "x").build());
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(ItHttp.json(refused.body()).getString("detail")).startsWith("field 'cron'");
    var badZone =
        alice.post(
            "/api/schedules",
            Json.createObjectBuilder()
                .add("cron", "* * * * *")
                .add("zone", "Mars/Olympus")
                .add("cmd", "x")
                .build());
    assertThat(badZone.statusCode()).isEqualTo(400);
    assertThat(ItHttp.json(badZone.body()).getString("detail")).startsWith("field 'zone'");
    assertThat(
            ItHttp.as("carol", a.baseUrl())
                .post(
                    "/api/schedules",
                    Json.createObjectBuilder().add("cron", "* * * * *").add("cmd", "x").build())
                .statusCode())
        .isEqualTo(403);
    assertThat(alice.delete(path).statusCode()).isEqualTo(204);
    assertThat(alice.get(path).statusCode()).isEqualTo(404);
  }

  @Test
  void theCommandLineCreatesListsPausesResumesAndDeletesASchedule() throws Exception {
    Map<String, String> env =
        Map.of(
            "MOI_URL",
            b.baseUrl().toString(),
            "MOI_USERNAME",
            "bob",
            "MOI_PASSWORD",
            ItAccounts.PASSWORD);
    var created =
        Runs.moi(
            env,
            "schedule",
            "--cron",
            "*/5 * * * *",
            "--zone",
            "Asia/Tokyo",
            "--cmd",
            "df -h",
            "--cmd-type",
            "system",
            "--name",
            "disk",
            "--max-attempts",
            "2",
            "--backoff",
            "10s");
    assertThat(created.err()).isEmpty();
    assertThat(created.exitCode()).isZero();
    assertThat(created.out()).matches("Created schedule id: \\S+\n");
    String id = created.out().substring("Created schedule id: ".length()).strip();

    var listed = Runs.moi(env, "schedules");
    assertThat(listed.exitCode()).isZero();
    assertThat(listed.out())
        .matches(
            "id: "
                + id
                + "\tcron: \\*/5 \\* \\* \\* \\*\tzone: Asia/Tokyo\tnext: "
                + "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d[05]:00 UTC\tpaused: false\tname: disk\n");
    assertThat(Runs.moi(env, "schedule-pause", "--id", id).out()).contains("paused: true");
    assertThat(
            ItHttp.json(ItHttp.as("bob", a.baseUrl()).get("/api/schedules/" + id).body())
                .getInt("maxAttempts"))
        .isEqualTo(2);
    assertThat(Runs.moi(env, "schedule-resume", "--id", id).out()).contains("paused: false");
    assertThat(Runs.moi(env, "schedule-delete", "--id", id).out())
        .isEqualTo("Deleted schedule " + id + "\n");

    var gone = Runs.moi(env, "schedule-pause", "--id", id);
    assertThat(gone.exitCode()).isEqualTo(1);
    assertThat(gone.err()).isEqualTo("Schedule ID not found: " + id + "\n");
    var badCron = Runs.moi(env, "schedule", "--cron", "* * *", "--cmd", "x");
    assertThat(badCron.exitCode()).isEqualTo(1);
    assertThat(badCron.err()).startsWith("field 'cron'");
  }

  private static JsonObject created(java.net.http.HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return ItHttp.json(response.body());
  }

  private static java.util.Optional<Instant> lastAt(String id) {
    try (var client = redis.client()) {
      String json = client.get("moi:schedule:" + id);
      JsonObject schedule = ItHttp.json(json);
      return schedule.isNull("last")
          ? java.util.Optional.empty()
          : java.util.Optional.of(
              Instant.parse(
                  schedule
                      .getJsonObject("last")
                      .getString("at")
                      .replace(" UTC", "Z")
                      .replace(' ', 'T')));
    }
  }

  private static JsonObject infoOrEmpty(ItHttp http, String id) {
    try {
      JsonObject info = http.info(id);
      return info == null ? JsonObject.EMPTY_JSON_OBJECT : info;
    } catch (Exception e) {
      return JsonObject.EMPTY_JSON_OBJECT;
    }
  }

  // How many jobs of the schedule this server's log says it created.
  private static long firings(MoiServer server, String id) throws Exception {
    return new String(
            Files.readAllBytes(server.log()), java.nio.charset.StandardCharsets.ISO_8859_1)
        .lines()
        .filter(line -> line.contains("Schedule " + id) && line.contains("created job"))
        .count();
  }
}
