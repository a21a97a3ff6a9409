package io.moi.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.moi.ItAccounts;
import io.moi.ItRedis;
import io.moi.security.control.AccountFile;
import io.moi.security.control.PasswordHashes;
import io.moi.security.entity.Account;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;

/** The live websocket as a real client sees it, against Payara Micro and redis-server. */
@ExtendWith(ArquillianExtension.class)
class WebSocketIT {

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
  }

  private String origin() {
    return base.getProtocol() + "://" + base.getHost() + ":" + base.getPort();
  }

  private String login(String user) throws Exception {
    return ItAccounts.login(http, base.toURI(), user);
  }

  private Live connect(String cookie, String origin) throws Exception {
    return Live.connect(http, base, cookie, origin);
  }

  private Live connect(String user) throws Exception {
    return connect(login(user), origin());
  }

  private JsonObject post(String user, String path, String json) throws Exception {
    return Live.created(http, base, user, path, json);
  }

  /**
   * Adds a third-party job with a status of {@code size} characters under the group and publishes
   * {@code updates} updates of it at once: every one makes the relay read it.
   */
  private static void floodWithUpdates(Jedis redis, String group, int size, int updates) {
    String id = Live.writeElsewhere(redis, "bulky", group, "x".repeat(size));
    var pipeline = redis.pipelined();
    pipeline.publish(group + ":pubsub", "{\"add\": [\"" + id + "\"]}");
    for (int i = 0; i < updates; i++) {
      pipeline.publish(id + ":pubsub", "{\"update\": [\"" + id + "\"]}");
    }
    pipeline.sync();
  }

  private JsonObject me(String user) throws Exception {
    var response =
        http.send(
            HttpRequest.newBuilder(base.toURI().resolve("api/me"))
                .header("Authorization", ItAccounts.basic(user))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return Json.createReader(new StringReader(response.body())).readObject();
  }

  // ---- accounts changed while their owner is connected, as bin/moi-users changes them ----

  private static final AccountFile ACCOUNTS =
      new AccountFile(Path.of(System.getProperty("it.users.file")));

  private static void putAccount(String user, String password, Set<String> roles) throws Exception {
    Map<String, Account> accounts = ACCOUNTS.read();
    accounts.put(user, new Account(user, PasswordHashes.hash(password.toCharArray()), roles));
    ACCOUNTS.write(accounts);
  }

  private static void removeAccount(String user) throws Exception {
    Map<String, Account> accounts = ACCOUNTS.read();
    accounts.remove(user);
    ACCOUNTS.write(accounts);
  }

  /** A new account, signed in through the form with a live connection that got its snapshot. */
  private Live signedInAndLive(String user, String cookie) throws Exception {
    Live live = connect(cookie, origin());
    live.send("{\"get\": []}");
    live.next("get", me(user).getString("group"));
    live.drain(300);
    return live;
  }

  private HttpResponse<String> withCookie(String path, String cookie) throws Exception {
    return http.send(
        HttpRequest.newBuilder(base.toURI().resolve(path))
            .header("Cookie", cookie)
            .header("X-Requested-With", "XMLHttpRequest")
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The session cookie no longer signs anyone in: the API answers 401, pages the sign-in form. */
  private void assertSessionEnded(String cookie) throws Exception {
    var me = withCookie("api/me", cookie);
    assertThat(me.statusCode()).as(me.body()).isEqualTo(401);
    var page = withCookie("index.html", cookie);
    assertThat(page.statusCode()).isEqualTo(302);
    assertThat(page.headers().firstValue("Location"))
        .hasValueSatisfying(l -> assertThat(l).endsWith("/login.html"));
    assertThatThrownBy(() -> connect(cookie, origin())).hasStackTraceContaining("302");
  }

  @Test
  void aRemovedAccountsWebsocketIsClosedAndItsSessionEnds() throws Exception {
    putAccount("dave", ItAccounts.PASSWORD, Set.of("moi-user", "moi-exec"));
    String cookie = login("dave");
    try (Live live = signedInAndLive("dave", cookie)) {
      assertThat(withCookie("api/me", cookie).statusCode()).isEqualTo(200);

      removeAccount("dave");
      assertThat(live.closed.get(20, TimeUnit.SECONDS)).isEqualTo(1008);
      assertThat(live.closeReason).isEqualTo("account removed");

      String job =
          post(
                  "root",
                  "api/jobs",
                  "{\"cmd\": \"true\", \"cmdType\": \"system\", \"user\": \"dave\"}")
              .getString("id");
      assertThat(live.drain(1000)).as("nothing after the close, not the job %s", job).isEmpty();
      assertSessionEnded(cookie);
    }
  }

  @Test
  void takingAwayTheRoleMoiUserClosesTheWebsocketAndEndsTheSession() throws Exception {
    putAccount("erin", ItAccounts.PASSWORD, Set.of("moi-user", "moi-exec"));
    String cookie = login("erin");
    try (Live live = signedInAndLive("erin", cookie)) {
      putAccount("erin", ItAccounts.PASSWORD, Set.of("moi-exec"));
      assertThat(live.closed.get(20, TimeUnit.SECONDS)).isEqualTo(1008);
      assertThat(live.closeReason).isEqualTo("access revoked");
      assertThat(live.drain(500)).isEmpty();
      assertSessionEnded(cookie);
    } finally {
      removeAccount("erin");
    }
  }

  @Test
  void aChangedPasswordEndsTheSessionsSignedInWithTheOldOne() throws Exception {
    putAccount("frank", ItAccounts.PASSWORD, Set.of("moi-user"));
    String cookie = login("frank");
    try (Live live = signedInAndLive("frank", cookie)) {
      putAccount("frank", "a brand new password", Set.of("moi-user"));
      assertThat(live.closed.get(20, TimeUnit.SECONDS)).isEqualTo(1008);
      assertThat(live.closeReason).startsWith("password changed");
      assertSessionEnded(cookie);
    } finally {
      removeAccount("frank");
    }
  }

  @Test
  void snapshotThenLiveAddAndUpdateFramesInOrder() throws Exception {
    String earlier =
        post(
                "alice",
                "api/jobs",
                "{\"cmd\": \"true\", \"cmdType\": \"system\", \"name\": \"earlier\"}")
            .getString("id");
    String root = me("alice").getString("group");
    try (Live live = connect("alice")) {
      assertThat(live.drain(300)).as("nothing until asked").isEmpty();
      live.send("{\"get\": []}");
      assertThat(live.next("get", root).getString("type")).isEqualTo("group");
      assertThat(live.next("get", earlier).getString("name")).isEqualTo("earlier");

      String id =
          post("alice", "api/jobs", "{\"cmd\": \"sleep 0.3; echo live\", \"cmdType\": \"system\"}")
              .getString("id");
      assertThat(live.next("add", id).getString("status")).isIn("Queued", "Running");
      live.next("update", id, i -> i.getString("status").equals("Running"));
      JsonObject done = live.next("update", id, i -> i.getString("status").equals("Success"));
      assertThat(done.getJsonArray("result").getString(0)).isEqualTo("live\n");
    }
  }

  @Test
  void aSubGroupCreatedAfterConnectingShowsUpWithItsJobs() throws Exception {
    try (Live live = connect("alice")) {
      live.send("{\"get\": []}");
      live.drain(500);
      String group = post("alice", "api/groups", "{\"name\": \"workflow\"}").getString("id");
      assertThat(live.next("add", group).getString("type")).isEqualTo("group");
      String job =
          post(
                  "alice",
                  "api/jobs",
                  "{\"cmd\": \"true\", \"cmdType\": \"system\", \"parent\": \"" + group + "\"}")
              .getString("id");
      assertThat(live.next("add", job).getString("parent")).isEqualTo(group);
      live.next("update", job, i -> i.getString("status").equals("Success"));
    }
  }

  @Test
  void statusesPostedByPythonAndSystemJobsWhileTheyRunArePushed() throws Exception {
    // Two connections: waiting on one job's frames skips the other's.
    try (Live forPython = connect("alice");
        Live forSystem = connect("alice")) {
      forPython.send("{\"get\": []}");
      forSystem.send("{\"get\": []}");
      forPython.drain(300);
      forSystem.drain(300);
      String python =
          post(
                  "alice",
                  "api/jobs",
                  Json.createObjectBuilder()
                      .add(
                          "cmd",
                          "import time\nmoi_update_status('reading rows')\ntime.sleep(1)\n"
                              + "moi_update_status('rows read')\ntime.sleep(1)\nreturn 1")
                      .build()
                      .toString())
              .getString("id");
      String system =
          post(
                  "alice",
                  "api/jobs",
                  Json.createObjectBuilder()
                      .add("cmd", "echo '50% done' >> \"$MOI_STATUS_FILE\"; sleep 1; echo finished")
                      .add("cmdType", "system")
                      .build()
                      .toString())
              .getString("id");

      forPython.next("update", python, i -> i.getString("status").equals("reading rows"));
      forPython.next("update", python, i -> i.getString("status").equals("rows read"));
      forPython.next("update", python, i -> i.getString("status").equals("Success"));
      forSystem.next("update", system, i -> i.getString("status").equals("50% done"));
      JsonObject done =
          forSystem.next("update", system, i -> i.getString("status").equals("Success"));
      assertThat(done.getJsonArray("result").getString(0)).isEqualTo("finished\n");
    }
  }

  @Test
  void thirdPartiesDriveGroupsThroughTheirChannel() throws Exception {
    String root = me("alice").getString("group");
    String job =
        post("alice", "api/jobs", "{\"cmd\": \"true\", \"cmdType\": \"system\"}").getString("id");
    try (Live live = connect("alice");
        Jedis redis = ItRedis.client()) {
      live.send("{\"get\": [\"" + root + "\"]}");
      live.next("get", job);

      redis.publish(root + ":pubsub", "{\"get\": [\"" + job + "\"]}");
      live.next("get", job);

      String outside = Live.writeElsewhere(redis, "third-party", root, null);
      redis.publish(root + ":pubsub", "{\"add\": [\"" + outside + "\"]}");
      assertThat(live.next("add", outside).getString("name")).isEqualTo("written elsewhere");
      redis.publish(outside + ":pubsub", "{\"update\": [\"" + outside + "\"]}");
      live.next("update", outside);

      redis.publish(root + ":pubsub", "{\"remove\": [\"" + job + "\"]}");
      live.next("remove", job);
      assertThat(redis.sismember(root + ":children", job)).isFalse();

      redis.publish(root + ":pubsub", "not json at all");
      redis.publish(root + ":pubsub", "{\"explode\": [\"x\"]}");
      redis.publish(outside + ":pubsub", "{\"update\": [\"" + outside + "\"]}");
      live.next("update", outside);
    }
  }

  @Test
  void aUserNeverReceivesAnotherUsersNodesWhateverIdsTheySend() throws Exception {
    JsonObject alices =
        post("alice", "api/jobs", "{\"cmd\": \"sleep 0.5\", \"cmdType\": \"system\"}");
    String id = alices.getString("id");
    String aliceRoot = alices.getString("parent");
    String bobRoot = me("bob").getString("group");
    try (Live bob = connect("bob")) {
      bob.send("{\"get\": []}");
      bob.send("{\"get\": [\"" + id + "\", \"" + aliceRoot + "\"]}");
      bob.send("{\"add\": [\"" + id + "\", \"" + aliceRoot + "\"]}");
      bob.send("{\"remove\": [\"" + id + "\"]}");
      post("alice", "api/jobs", "{\"cmd\": \"true\", \"cmdType\": \"system\"}");
      // bob's own feed works meanwhile: everything up to his own job's end is kept and checked
      String bobs =
          post("bob", "api/jobs", "{\"cmd\": \"true\", \"cmdType\": \"system\"}").getString("id");
      List<JsonObject> frames = new java.util.ArrayList<>();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      boolean ended = false;
      while (!ended && System.nanoTime() < deadline) {
        JsonObject frame = bob.frames.poll(100, TimeUnit.MILLISECONDS);
        if (frame != null) {
          frames.add(frame);
          ended =
              frame.containsKey("update")
                  && frame.getJsonObject("update").getString("id").equals(bobs)
                  && frame.getJsonObject("update").getString("status").equals("Success");
        }
      }
      frames.addAll(bob.drain(1000));
      assertThat(frames)
          .as("bob's snapshot")
          .anyMatch(
              f -> f.containsKey("get") && f.getJsonObject("get").getString("id").equals(bobRoot));
      assertThat(ended).as("bob's own job's end arrived").isTrue();
      for (JsonObject frame : frames) {
        JsonObject info = frame.getJsonObject(frame.keySet().iterator().next());
        assertThat(info.getString("id")).isNotEqualTo(id).isNotEqualTo(aliceRoot);
        assertThat(info.getString("parent", "")).isNotEqualTo(aliceRoot);
      }
    }
    try (Jedis redis = ItRedis.client()) {
      assertThat(redis.sismember(aliceRoot + ":children", id))
          .as("bob's remove was ignored")
          .isTrue();
    }
  }

  @Test
  void handshakesWithoutSessionOrFromAnotherOriginAreRefused() throws Exception {
    assertThatThrownBy(() -> connect("JSESSIONID=nothing", origin()))
        .hasStackTraceContaining("302");
    String cookie = login("alice");
    assertThatThrownBy(() -> connect(cookie, "http://evil.example")).hasStackTraceContaining("403");
    try (Live live = connect(cookie, null)) {
      live.send("{\"get\": []}");
      assertThat(live.drain(500)).isNotEmpty();
    }
  }

  @Test
  void garbageFramesAreIgnoredAndTheConnectionKeepsWorking() throws Exception {
    String root = me("alice").getString("group");
    try (Live live = connect("alice")) {
      for (String garbage :
          List.of(
              "not json",
              "[1, 2]",
              "{\"get\": 5}",
              "{\"get\": [1]}",
              "{\"bogus\": []}",
              "\"text\"",
              "{}")) {
        live.send(garbage);
      }
      live.send("{\"get\": []}");
      live.next("get", root);
      assertThat(live.closed).isNotDone();
      live.send("{\"close\": null}");
      assertThat(live.closed.get(10, TimeUnit.SECONDS)).isEqualTo(1000);
    }
  }

  @Test
  void aJobUpdatedBeforeTheRelayPlacedItStillGetsItsUpdateFrames() throws Exception {
    String root = me("alice").getString("group");
    String group = post("alice", "api/groups", "{\"name\": \"watched\"}").getString("id");
    try (Live live = connect("alice");
        Jedis redis = ItRedis.client()) {
      live.send("{\"get\": [\"" + group + "\"]}");
      live.next("get", group);
      // Keep the relay busy: every message about a node of the tree makes it read that node.
      floodWithUpdates(redis, root, 50_000, 1000);
      String id =
          post(
                  "alice",
                  "api/jobs",
                  "{\"cmd\": \"sleep 6\", \"cmdType\": \"system\", \"parent\": \"" + group + "\"}")
              .getString("id");
      // The add frame carries the state the relay read when it placed the job; every change
      // after that must come as an update. A relay slower than the whole job legitimately
      // shows Success at once; otherwise Running must be seen, and nothing ever goes back.
      List<String> statuses =
          new java.util.ArrayList<>(List.of(live.next("add", id).getString("status")));
      while (!statuses.get(statuses.size() - 1).equals("Success")) {
        statuses.add(live.next("update", id).getString("status"));
      }
      List<String> order = List.of("Queued", "Running", "Success");
      assertThat(statuses).isSortedAccordingTo(java.util.Comparator.comparing(order::indexOf));
      if (!statuses.get(0).equals("Success")) {
        assertThat(statuses).as("statuses seen").contains("Running");
      }
    }
  }

  @Test
  void aConnectionOpenedAsTheUsersLastOneClosesStillGetsLiveFrames() throws Exception {
    String root = me("carol").getString("group");
    String cookie = login("carol");
    try (Jedis redis = ItRedis.client()) {
      Live leaving = connect(cookie, origin());
      for (int round = 0; round < 40; round++) {
        leaving.send("{\"get\": []}");
        leaving.next("get", root);
        // the user's only connection goes away while the next one opens: the close is sent at
        // a different moment of the opening handshake each round
        var opening =
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return connect(cookie, origin());
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                });
        Thread.sleep(round % 10); // pacing, not waiting: a different moment each round
        leaving.socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        Live next = opening.get(20, TimeUnit.SECONDS);
        next.send("{\"get\": []}");
        next.next("get", root);
        String id = Live.writeElsewhere(redis, "round-" + round, root, null);
        redis.publish(root + ":pubsub", "{\"add\": [\"" + id + "\"]}");
        next.next("add", id);
        leaving = next;
      }
      leaving.close();
    }
  }

  @Test
  void aClientThatStopsReadingIsClosedWithoutHoldingUpOthers() throws Exception {
    String root = me("alice").getString("group");
    String group = post("alice", "api/groups", "{\"name\": \"elsewhere\"}").getString("id");
    String cookie = login("alice");
    URI ws = URI.create(base.toString().replaceFirst("^http", "ws") + "moi-ws/");
    int updates = 3000;
    // The server has two send lanes (moi.ws.send-threads in arquillian.xml) and gives them out
    // in turn: of the two other connections, one shares the stalled client's lane.
    try (var slow = new SlowClient(ws, cookie, origin());
        Live other = connect("alice");
        Live sameLane = connect("alice");
        Jedis redis = ItRedis.client()) {
      slow.send("{\"get\": []}");
      slow.awaitText(root, 20);
      for (Live live : List.of(other, sameLane)) {
        live.send("{\"get\": [\"" + group + "\"]}");
        live.next("get", group);
      }
      floodWithUpdates(redis, root, 10_000, updates);

      // while the stalled client's frames pile up, another connection of the same user is served
      redis.publish(group + ":pubsub", "{\"update\": [\"" + group + "\"]}");
      other.next("update", group); // the relay handles messages in order: the flood is through
      String job =
          post(
                  "alice",
                  "api/jobs",
                  "{\"cmd\": \"true\", \"cmdType\": \"system\", \"parent\": \"" + group + "\"}")
              .getString("id");
      other.next("update", job, i -> i.getString("status").equals("Success"));
      sameLane.next("update", job, i -> i.getString("status").equals("Success"));

      SlowClient.Ending ending = slow.readUntilClosed(60);
      assertThat(ending.closeCode()).as(ending.toString()).isEqualTo(1013);
      assertThat(ending.reason()).contains("too far behind");
      assertThat(ending.frames())
          .as("frames the stalled client got before it was cut off")
          .isLessThan(updates);
      assertThat(other.closed).isNotDone();
      assertThat(sameLane.closed).isNotDone();
    }
  }
}
