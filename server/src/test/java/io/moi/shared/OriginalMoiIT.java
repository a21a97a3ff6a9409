package io.moi.shared;

import static org.assertj.core.api.Assertions.assertThat;

import io.moi.ItAccounts;
import io.moi.ItRedis;
import io.moi.Recorder;
import io.moi.cli.Runs;
import io.moi.security.control.AccountFile;
import io.moi.security.control.PasswordHashes;
import io.moi.security.entity.Account;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;

/**
 * This server next to the original Python moi on one Redis. The original's part is played with
 * plain Redis commands, exactly as it writes: {@code <group>:children} sets, Python's JSON spacing,
 * dates without a fraction, failures as lists of lines, roots named "unnamed" with a context of
 * their own, {@code user-id-map} in both directions, and no expiries.
 */
@ExtendWith(ArquillianExtension.class)
class OriginalMoiIT {

  @Deployment(testable = false)
  static WebArchive deployment() {
    return ItAccounts.builtWar();
  }

  @ArquillianResource URL base;

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  @BeforeAll
  static void accounts() throws Exception {
    ItAccounts.write();
    var file = new AccountFile(Path.of(System.getProperty("it.users.file")));
    Map<String, Account> accounts = file.read();
    String hash = PasswordHashes.hash(ItAccounts.PASSWORD.toCharArray());
    for (String user : List.of("dora", "emil", "fred")) {
      accounts.put(user, new Account(user, hash, Set.of("moi-user", "moi-exec")));
    }
    file.write(accounts);
  }

  // ---- the original moi, as plain Redis commands ----

  /** A JSON string as Python's json.dumps writes it (ASCII content). */
  private static String py(String text) {
    if (text == null) {
      return "null";
    }
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }

  /** An info object with json.dumps's spacing: ", " between items and ": " after keys. */
  private static String original(
      String id,
      String name,
      String type,
      String parent,
      String context,
      String status,
      String resultJson,
      String created,
      String start,
      String end) {
    return "{\"id\": "
        + py(id)
        + ", \"name\": "
        + py(name)
        + ", \"type\": "
        + py(type)
        + ", \"pubsub\": "
        + py(id + ":pubsub")
        + ", \"url\": null, \"parent\": "
        + py(parent)
        + ", \"context\": "
        + py(context)
        + ", \"status\": "
        + py(status)
        + ", \"result\": "
        + resultJson
        + ", \"date_created\": "
        + py(created)
        + ", \"date_start\": "
        + py(start)
        + ", \"date_end\": "
        + py(end)
        + "}";
  }

  /** A user as the original first meets one: both directions, and a root named "unnamed". */
  private static String originalUser(Jedis redis, String username) {
    String old = redis.hget("user-id-map", username);
    if (old != null) {
      return old;
    }
    String root = UUID.randomUUID().toString();
    redis.hset("user-id-map", Map.of(username, root, root, username));
    redis.set(
        root,
        original(
            root,
            "unnamed",
            "group",
            null,
            "original-context",
            null,
            "null",
            "2026-12-02 09:00:00",
            null,
            null));
    return root;
  }

  private static String originalGroup(Jedis redis, String parent, String name, String created) {
    String id = UUID.randomUUID().toString();
    redis.set(
        id, original(id, name, "group", parent, "default", null, "null", created, null, null));
    redis.sadd(parent + ":children", id);
    return id;
  }

  private static String originalJob(Jedis redis, String parent, String json) {
    String id = Json.createReader(new StringReader(json)).readObject().getString("id");
    redis.set(id, json);
    redis.sadd(parent + ":children", id);
    return id;
  }

  private static String succeeded(String parent, String created) {
    String id = UUID.randomUUID().toString();
    return original(
        id,
        "sum",
        "job",
        parent,
        "default",
        "Success",
        "15",
        created,
        "2026-12-02 10:00:01",
        "2026-12-02 10:00:02.500000");
  }

  private static String failed(String parent, String created) {
    String id = UUID.randomUUID().toString();
    return original(
        id,
        "crash",
        "job",
        parent,
        "default",
        "Failed",
        "["
            + py("Traceback (most recent call last):\n")
            + ", "
            + py("  File \"<string>\", line 1, in f\n")
            + ", "
            + py("ValueError: could not convert string to float: 'crash and burn'\n")
            + "]",
        created,
        "2026-12-02 10:00:00",
        "2026-12-02 10:00:00");
  }

  private static String id(String json) {
    return Json.createReader(new StringReader(json)).readObject().getString("id");
  }

  private static JsonObject parse(String json) {
    return Json.createReader(new StringReader(json)).readObject();
  }

  // ---- this server's clients ----

  record Answer(int status, String body) {
    JsonObject object() {
      return parse(body);
    }

    List<JsonObject> objects() {
      return Json.createReader(new StringReader(body)).readArray().getValuesAs(JsonObject.class);
    }
  }

  private Answer send(String user, HttpRequest.Builder request) throws Exception {
    var response =
        http.send(
            request
                .header("Authorization", ItAccounts.basic(user))
                .timeout(Duration.ofSeconds(90))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return new Answer(response.statusCode(), response.body());
  }

  private Answer get(String user, String path) throws Exception {
    return send(user, HttpRequest.newBuilder(base.toURI().resolve(path)));
  }

  private Answer post(String user, String path, String json) throws Exception {
    return send(
        user,
        HttpRequest.newBuilder(base.toURI().resolve(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  private Answer delete(String user, String path) throws Exception {
    return send(user, HttpRequest.newBuilder(base.toURI().resolve(path)).DELETE());
  }

  private static List<String> ids(List<JsonObject> infos) {
    return infos.stream().map(o -> o.getString("id")).toList();
  }

  /** A websocket client that keeps every frame it gets. */
  static final class Live implements WebSocket.Listener, AutoCloseable {
    final BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
    WebSocket socket;
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        frames.add(parse(partial.toString()));
        partial.setLength(0);
      }
      ws.request(1);
      return null;
    }

    void send(String text) {
      socket.sendText(text, true).join();
    }

    /** The next frame of this action about the node that meets the condition; fails after 20 s. */
    JsonObject next(String action, String id, Predicate<JsonObject> condition)
        throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (System.nanoTime() < deadline) {
        JsonObject frame = frames.poll(100, TimeUnit.MILLISECONDS);
        if (frame != null && frame.containsKey(action)) {
          JsonObject info = frame.getJsonObject(action);
          if (info.getString("id").equals(id) && condition.test(info)) {
            return info;
          }
        }
      }
      throw new AssertionError("no " + action + " frame for " + id + " in 20 s");
    }

    @Override
    public void close() {
      if (!socket.isOutputClosed()) {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
      }
    }
  }

  private Live connect(String user) throws Exception {
    String cookie = ItAccounts.login(http, base.toURI(), user);
    var live = new Live();
    URI ws = URI.create(base.toString().replaceFirst("^http", "ws") + "moi-ws/");
    live.socket =
        http.newWebSocketBuilder()
            .header("Cookie", cookie)
            .header("Origin", ItAccounts.origin(base.toURI()))
            .buildAsync(ws, live)
            .get(20, TimeUnit.SECONDS);
    return live;
  }

  // ---- the tests ----

  @Test
  void theOriginalsNodesAreListedAndWalkedWithTheirDatesAsWritten() throws Exception {
    try (Jedis redis = ItRedis.client()) {
      String root = originalUser(redis, "dora");
      String batch = originalGroup(redis, root, "batch", "2026-12-02 10:00:00");
      String sumJson = succeeded(batch, "2026-12-02 10:00:00");
      String sum = originalJob(redis, batch, sumJson);
      String crash = originalJob(redis, batch, failed(batch, "2026-12-02 10:00:00.000001"));
      String early = originalJob(redis, root, succeeded(root, "2026-12-02 09:59:59.999999"));

      var listing = get("dora", "api/users/dora/jobs");
      assertThat(listing.status()).as(listing.body()).isEqualTo(200);
      List<JsonObject> all = listing.objects();
      assertThat(ids(all)).containsSubsequence(early, sum, crash).contains(batch);
      JsonObject listedSum =
          all.stream().filter(o -> o.getString("id").equals(sum)).findFirst().orElseThrow();
      assertThat(listedSum).isEqualTo(parse(sumJson));
      assertThat(listedSum.getString("date_created")).isEqualTo("2026-12-02 10:00:00");
      assertThat(listedSum.getString("date_end")).isEqualTo("2026-12-02 10:00:02.500000");

      var info = get("dora", "api/info/" + crash);
      assertThat(info.status()).isEqualTo(200);
      assertThat(info.object()).isEqualTo(parse(redis.get(crash)));
      assertThat(info.object().getJsonArray("result").getString(2)).startsWith("ValueError");

      var tree = get("dora", "api/tree/" + root + ":" + batch);
      assertThat(tree.status()).as(tree.body()).isEqualTo(200);
      assertThat(ids(tree.object().getJsonArray("children").getValuesAs(JsonObject.class)))
          .containsExactly(sum, crash);
      var whole = get("dora", "api/tree/" + root + "?depth=all");
      assertThat(ids(whole.object().getJsonArray("children").getValuesAs(JsonObject.class)))
          .contains(batch, sum, crash, early);

      var summary =
          Runs.moi(
              Map.of(
                  "MOI_URL",
                  base.toString(),
                  "MOI_USERNAME",
                  "dora",
                  "MOI_PASSWORD",
                  ItAccounts.PASSWORD),
              "userjobs",
              "--key=dora",
              "--summary");
      assertThat(summary.exitCode()).as(summary.err()).isZero();
      assertThat(summary.out())
          .contains("date: 2026-12-02 10:00:00\tid: " + sum + "\tstatus: Success\n");
      assertThat(summary.out()).contains("id: " + crash + "\tstatus: Failed");
    }
  }

  @Test
  void aUserGetsHerOwnOriginalJobsButNotAnotherUsers() throws Exception {
    try (Jedis redis = ItRedis.client()) {
      String doraRoot = originalUser(redis, "dora");
      String emilRoot = originalUser(redis, "emil");
      String dorasJob = originalJob(redis, doraRoot, succeeded(doraRoot, "2026-12-02 10:00:00"));
      String emilsJob = originalJob(redis, emilRoot, succeeded(emilRoot, "2026-12-02 10:00:00"));

      assertThat(get("dora", "api/info/" + dorasJob).status()).isEqualTo(200);
      assertThat(get("emil", "api/info/" + emilsJob).status()).isEqualTo(200);
      assertThat(get("dora", "api/info/" + emilsJob).status()).isEqualTo(404);
      assertThat(get("emil", "api/info/" + dorasJob).status()).isEqualTo(404);
      assertThat(ids(get("emil", "api/users/emil/jobs").objects()))
          .contains(emilsJob)
          .doesNotContain(dorasJob);
    }
  }

  @Test
  void whatTheOriginalPublishesReachesAWebsocketClient() throws Exception {
    try (Jedis redis = ItRedis.client()) {
      String root = originalUser(redis, "dora");
      followedLive(redis, root);
    }
  }

  private void followedLive(Jedis redis, String root) throws Exception {
    // Stored before the connection opens, without an add message: what a new connection finds.
    String queuedJson =
        original(
            UUID.randomUUID().toString(),
            "slow",
            "job",
            root,
            "default",
            "Queued",
            "null",
            "2026-12-02 10:00:00",
            null,
            null);
    String job = originalJob(redis, root, queuedJson);
    try (Live live = connect("dora")) {
      live.send("{\"get\": []}");
      assertThat(live.next("get", root, i -> true).getString("name")).isEqualTo("unnamed");
      assertThat(live.next("get", job, i -> true)).isEqualTo(parse(queuedJson));

      String running =
          queuedJson
              .replace("\"status\": \"Queued\"", "\"status\": \"Running\"")
              .replace("\"date_start\": null", "\"date_start\": \"2026-12-02 10:00:05\"");
      redis.set(job, running);
      redis.publish(job + ":pubsub", "{\"update\": [\"" + job + "\"]}");
      assertThat(live.next("update", job, i -> i.getString("status").equals("Running")))
          .isEqualTo(parse(running));

      String later = originalJob(redis, root, succeeded(root, "2026-12-02 11:00:00"));
      redis.publish(root + ":pubsub", "{\"add\": [\"" + later + "\"]}");
      assertThat(live.next("add", later, i -> true).getString("date_created"))
          .isEqualTo("2026-12-02 11:00:00");
    }
  }

  @Test
  void deletingAnOriginalsJobDetachesItFromItsChildrenSetAndSaysSo() throws Exception {
    try (Jedis redis = ItRedis.client()) {
      String root = originalUser(redis, "dora");
      String job = originalJob(redis, root, succeeded(root, "2026-12-02 10:00:00"));
      String staying = originalJob(redis, root, succeeded(root, "2026-12-02 10:00:00"));

      try (var recorder =
          new Recorder(ItRedis.HOST, ItRedis.port(), job, List.of(root + ":pubsub"))) {
        assertThat(delete("dora", "api/info/" + job).status()).isEqualTo(204);

        var seen = recorder.next();
        assertThat(parse(seen.message()).getJsonArray("remove").getString(0)).isEqualTo(job);
      }
      assertThat(redis.sismember(root + ":children", job)).isFalse();
      assertThat(redis.sismember(root + ":children", staying)).isTrue();
      assertThat(redis.ttl(root)).isEqualTo(-1L);
      assertThat(redis.ttl(root + ":children")).isEqualTo(-1L);
    }
  }

  @Test
  void jobsSubmittedIntoTheOriginalsGroupsLeaveThemWithoutExpiryAndTheOriginalFindsThem()
      throws Exception {
    try (Jedis redis = ItRedis.client()) {
      String root = originalUser(redis, "fred");
      String rootJson = redis.get(root);
      String batch = originalGroup(redis, root, "batch", "2026-12-02 10:00:00");

      var intoGroup =
          post("fred", "api/jobs", "{\"cmd\": \"return 5 + 10\", \"parent\": \"" + batch + "\"}");
      assertThat(intoGroup.status()).as(intoGroup.body()).isEqualTo(201);
      String inGroup = intoGroup.object().getString("id");
      var intoRoot = post("fred", "api/jobs", "{\"cmd\": \"echo hi\", \"cmdType\": \"system\"}");
      assertThat(intoRoot.status()).as(intoRoot.body()).isEqualTo(201);
      String inRoot = intoRoot.object().getString("id");
      for (String id : List.of(inGroup, inRoot)) {
        var done = get("fred", "api/info/" + id + "?after=Queued&wait=60");
        if (!"Success".equals(done.object().getString("status"))) {
          done = get("fred", "api/info/" + id + "?after=Running&wait=60");
        }
        assertThat(done.object().getString("status")).as(done.body()).isEqualTo("Success");
      }

      // the original's reads
      assertThat(redis.hget("user-id-map", "fred")).isEqualTo(root);
      assertThat(redis.hget("user-id-map", root)).isEqualTo("fred");
      assertThat(redis.smembers(batch + ":children")).containsExactly(inGroup);
      assertThat(redis.smembers(root + ":children")).containsExactlyInAnyOrder(batch, inRoot);
      JsonObject stored = parse(redis.get(inGroup));
      assertThat(stored.getString("parent")).isEqualTo(batch);
      assertThat(stored.getString("status")).isEqualTo("Success");
      assertThat(stored.getJsonNumber("result").intValue()).isEqualTo(15);
      assertThat(stored.keySet()).hasSize(12);

      // the original's keys are as it left them: no expiry, the root untouched
      assertThat(redis.get(root)).isEqualTo(rootJson);
      for (String key : List.of(root, batch, root + ":children", batch + ":children")) {
        assertThat(redis.ttl(key)).as(key).isEqualTo(-1L);
      }
      assertThat(redis.ttl(inGroup)).isPositive();
      assertThat(redis.ttl(inRoot)).isPositive();
    }
  }

  @Test
  void whatThisServerWritesForANewUserIsFoundByTheOriginalsReads() throws Exception {
    try (Jedis redis = ItRedis.client()) {
      var created =
          post("alice", "api/jobs", "{\"cmd\": \"return 1\", \"name\": \"for the original\"}");
      assertThat(created.status()).as(created.body()).isEqualTo(201);
      String id = created.object().getString("id");

      String root = redis.hget("user-id-map", "alice");
      assertThat(redis.hget("user-id-map", root)).isEqualTo("alice");
      assertThat(redis.smembers(root + ":children")).contains(id);
      JsonObject stored = parse(redis.get(id));
      assertThat(stored.getString("parent")).isEqualTo(root);
      assertThat(stored.get("name")).isEqualTo(Json.createValue("for the original"));
      assertThat(parse(redis.get(root)).get("parent")).isEqualTo(JsonValue.NULL);
      assertThat(redis.ttl(root)).isPositive();
    }
  }
}
