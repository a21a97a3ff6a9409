package io.moi.live;

import static io.moi.Eventually.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.moi.ItAccounts;
import io.moi.ItRedis;
import io.moi.tree.entity.Info;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Connection;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.exceptions.JedisException;

/**
 * What clients see while Redis or the relay's subscription to it goes away: the websocket catches
 * up afterwards, and the REST API answers 503 meanwhile. A class of its own because each scenario
 * takes away what every other test needs, and gives it back before it ends.
 */
@ExtendWith(ArquillianExtension.class)
class WebSocketOutageIT {

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

  /**
   * Each scenario starts with the server's relay subscribed, as it is in normal times: after
   * another scenario's outage it subscribes again on its own, but not at once.
   */
  @BeforeEach
  void relayListens() throws Exception {
    until(
        Duration.ofSeconds(30),
        "the relay subscribed to Redis",
        () -> {
          try (Jedis redis = ItRedis.client()) {
            return redis.pubsubNumPat() > 0;
          } catch (JedisException notBackYet) {
            return false;
          }
        });
  }

  @Test
  void afterTheRelaysSubscriptionIsCutTheClientGetsWhatChangedAndWhatLeftMeanwhile()
      throws Exception {
    String root = me("alice").getString("group");
    try (Jedis redis = ItRedis.client();
        Live live = connect("alice")) {
      String changed = Live.writeElsewhere(redis, "changed-while-cut", root, "before the cut");
      String removed = Live.writeElsewhere(redis, "removed-while-cut", root, "before the cut");
      redis.publish(root + ":pubsub", "{\"add\": [\"" + changed + "\", \"" + removed + "\"]}");
      live.follow(changed);
      live.follow(removed);
      // The relay's subscription is cut in the same transaction that changes one node and
      // detaches the other: both messages are published while nobody of this server listens.
      String changedInfo =
          Json.createObjectBuilder(Info.fromJson(redis.get(changed)).toJsonObject())
              .add("status", "changed while cut")
              .build()
              .toString();
      Connection raw = redis.getConnection();
      raw.sendCommand(Protocol.Command.MULTI);
      raw.sendCommand(Protocol.Command.CLIENT, "KILL", "TYPE", "pubsub");
      raw.sendCommand(Protocol.Command.SET, changed, changedInfo);
      raw.sendCommand(Protocol.Command.SREM, root + ":children", removed);
      raw.sendCommand(
          Protocol.Command.PUBLISH, changed + ":pubsub", "{\"update\": [\"" + changed + "\"]}");
      raw.sendCommand(
          Protocol.Command.PUBLISH, root + ":pubsub", "{\"remove\": [\"" + removed + "\"]}");
      raw.sendCommand(Protocol.Command.EXEC);
      List<Object> replies = raw.getMany(7);
      assertThat(replies.get(6)).as("EXEC").isInstanceOf(List.class);
      assertThat(((List<?>) replies.get(6)).get(0)).as("relay connections cut").isEqualTo(1L);

      // what left the tree is told first, then the current state of what stayed
      assertThat(live.next("remove", removed).getString("id")).isEqualTo(removed);
      assertThat(
              live.next("update", changed, i -> i.getString("status").equals("changed while cut")))
          .isNotNull();
    }
  }

  @Test
  void afterARedisRestartTheClientHoldsTheStateOfAJobThatChangedMeanwhile() throws Exception {
    String root = me("alice").getString("group");
    try (Live live = connect("alice")) {
      live.send("{\"get\": []}");
      // Following starts with the snapshot: a job submitted before the server read the get
      // would arrive in it, already Running, and no update frame would say so.
      live.next("get", root);
      String id =
          post(
                  "alice",
                  "api/jobs",
                  "{\"cmd\": \"sleep 3; echo survived\", \"cmdType\": \"system\"}")
              .getString("id");
      live.next("update", id, i -> i.getString("status").equals("Running"));
      ItRedis.stop();
      try {
        Thread.sleep(4000); // not a poll: the job ends while Redis is away
      } finally {
        ItRedis.start();
      }
      JsonObject done = live.next("update", id, i -> i.getString("status").equals("Success"));
      assertThat(done.getJsonArray("result").getString(0)).isEqualTo("survived\n");
      assertThat(live.closed).isNotDone();
    }
  }

  @Test
  void redisAwayGivesA503WithRetryAfterFromTheRestApi() throws Exception {
    ItRedis.stop();
    try {
      var answer = get("alice", "api/users/alice/jobs");
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
      assertThat(answer.headers().firstValue("Content-Type"))
          .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
      JsonObject body = Json.createReader(new StringReader(answer.body())).readObject();
      assertThat(body.getInt("status")).isEqualTo(503);
      assertThat(body.getString("error")).isNotBlank();
      assertThat(body.getString("detail")).contains("Redis");
      assertThat(answer.body()).doesNotContain("\tat ").doesNotContain("Exception");
      assertThat(answer.headers().firstValue("Retry-After")).hasValue("5");
    } finally {
      ItRedis.start();
    }
    assertThat(get("alice", "api/users/alice/jobs").statusCode()).isEqualTo(200);
  }

  private Live connect(String user) throws Exception {
    return Live.connect(
        http, base, ItAccounts.login(http, base.toURI(), user), ItAccounts.origin(base.toURI()));
  }

  private HttpResponse<String> get(String user, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(base.toURI().resolve(path))
            .timeout(Duration.ofSeconds(90))
            .header("Authorization", ItAccounts.basic(user))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonObject me(String user) throws Exception {
    return Json.createReader(new StringReader(get(user, "api/me").body())).readObject();
  }

  private JsonObject post(String user, String path, String json) throws Exception {
    return Live.created(http, base, user, path, json);
  }
}
