package io.moi.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.moi.ItAccounts;
import io.moi.ItRedis;
import io.moi.security.boundary.KnownRoles;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;

/** The REST API as its clients see it, against the built WAR on Payara Micro and Redis. */
@ExtendWith(ArquillianExtension.class)
class ApiIT {

  static final String PASSWORD = ItAccounts.PASSWORD;

  @Deployment(testable = false)
  static WebArchive deployment() {
    return ItAccounts.builtWar().addClass(RolesProbe.class);
  }

  @ArquillianResource URL base;

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  record Answer(int status, String body, HttpResponse<String> raw) {
    JsonObject object() {
      return (JsonObject) json();
    }

    JsonArray array() {
      return (JsonArray) json();
    }

    JsonStructure json() {
      return Json.createReader(new StringReader(body)).read();
    }

    String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }
  }

  @BeforeAll
  static void accounts() throws Exception {
    ItAccounts.write();
  }

  // Relative to the deployment, whatever its context root.
  private URI uri(String path) throws Exception {
    return base.toURI().resolve(path.startsWith("/") ? path.substring(1) : path);
  }

  private static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private Answer send(HttpRequest.Builder request) throws Exception {
    var response =
        http.send(
            request.timeout(Duration.ofSeconds(90)).build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(response.statusCode(), response.body(), response);
  }

  private Answer get(String user, String path) throws Exception {
    return send(HttpRequest.newBuilder(uri(path)).header("Authorization", basic(user, PASSWORD)));
  }

  private Answer post(String user, String path, String contentType, String body) throws Exception {
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("Authorization", basic(user, PASSWORD))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  private String origin() throws Exception {
    return ItAccounts.origin(base.toURI());
  }

  /** A request riding on a browser's session cookie; headers as name, value pairs. */
  private Answer withSession(
      String cookie, String method, String path, String contentType, String body, String... headers)
      throws Exception {
    var request =
        HttpRequest.newBuilder(uri(path))
            .header("Cookie", cookie)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return send(request);
  }

  private List<String> jobIds(String user) throws Exception {
    return get(user, "/api/users/" + user + "/jobs?summary=true")
        .array()
        .getValuesAs(JsonObject.class)
        .stream()
        .map(o -> o.getString("id"))
        .toList();
  }

  private Answer submit(String user, String json) throws Exception {
    return post(user, "/api/jobs", "application/json", json);
  }

  private Answer delete(String user, String path) throws Exception {
    return send(
        HttpRequest.newBuilder(uri(path)).header("Authorization", basic(user, PASSWORD)).DELETE());
  }

  private static List<String> childIds(Answer tree) {
    assertThat(tree.status()).as(tree.body()).isEqualTo(200);
    return tree.object().getJsonArray("children").getValuesAs(JsonObject.class).stream()
        .map(o -> o.getString("id"))
        .toList();
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** Waits for the end with the long poll, as the command line does. */
  private JsonObject awaitEnd(String user, String id) throws Exception {
    String status = "Queued";
    for (int i = 0; i < 20; i++) {
      var info = get(user, "/api/info/" + enc(id) + "?after=" + enc(status) + "&wait=10").object();
      status = info.getString("status");
      if (status.equals("Success") || status.equals("Failed")) {
        return info;
      }
    }
    throw new AssertionError("job " + id + " did not end");
  }

  private static void assertError(Answer answer, int status, String detailPart) {
    assertThat(answer.status()).as(answer.body()).isEqualTo(status);
    assertThat(answer.header("Content-Type")).startsWith("application/json");
    JsonObject body = answer.object();
    assertThat(body.getInt("status")).isEqualTo(status);
    assertThat(body.getString("error")).isNotBlank();
    assertThat(body.getString("detail")).contains(detailPart);
    assertThat(answer.body()).doesNotContain("\tat ").doesNotContain("Exception");
  }

  private static long keys() {
    try (Jedis redis = ItRedis.client()) {
      return redis.dbSize();
    }
  }

  @Test
  void aRequestsRolesAreAnsweredFromItsSignInNotAskedOfTheContainerAgain() throws Exception {
    var alice = get("alice", "api/probe/roles").object();
    var root = get("root", "api/probe/roles").object();

    // KnownRoles: the container's own answers are right too, but cost a permission check each.
    assertThat(alice.getString("answeredBy")).startsWith(KnownRoles.class.getName());
    assertThat(alice.getBoolean("moi-exec")).isTrue();
    assertThat(alice.getBoolean("moi-admin")).isFalse();
    assertThat(root.getBoolean("moi-admin")).isTrue();
  }

  @Test
  void requestsWithoutValidCredentialsGetJson401WithABasicChallenge() throws Exception {
    var none = send(HttpRequest.newBuilder(uri("/api/users/alice/jobs")));
    assertError(none, 401, "log in");
    assertThat(none.header("WWW-Authenticate")).startsWith("Basic realm=\"moi\"");
    var script =
        send(
            HttpRequest.newBuilder(uri("/api/users/alice/jobs"))
                .header("X-Requested-With", "XMLHttpRequest"));
    assertError(script, 401, "log in");
    assertThat(script.header("WWW-Authenticate"))
        .as("no browser password dialog for page scripts")
        .isNull();
    assertError(
        send(
            HttpRequest.newBuilder(uri("/api/users/alice/jobs"))
                .header("Authorization", basic("alice", "wrong"))),
        401,
        "wrong username or password");
    assertError(
        send(
            HttpRequest.newBuilder(uri("/api/users/alice/jobs"))
                .header("Authorization", basic("nobody", PASSWORD))),
        401,
        "wrong username or password");
    assertError(
        send(
            HttpRequest.newBuilder(uri("/api/users/alice/jobs"))
                .header("Authorization", "Basic %%%")),
        401,
        "Base64");
  }

  @Test
  void submittedCommandIsCreatedReadableAndListedForItsOwner() throws Exception {
    var created =
        submit(
            "alice",
            "{\"cmd\": \"echo 'hello from moi'\", \"cmdType\": \"system\", \"url\": \"/results\"}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    JsonObject info = created.object();
    String id = info.getString("id");
    assertThat(created.header("Location")).endsWith("/api/info/" + id);
    assertThat(info.getString("name")).isEqualTo("no-user-cmd-submit");
    assertThat(info.getString("context")).isEqualTo("default");
    assertThat(info.keySet()).hasSize(12);

    JsonObject done = awaitEnd("alice", id);
    assertThat(done.getString("status")).isEqualTo("Success");
    assertThat(done.getJsonArray("result").getString(0)).isEqualTo("hello from moi\n");

    String root = done.getString("parent");
    JsonArray jobs = get("alice", "/api/users/alice/jobs").array();
    assertThat(jobs.getValuesAs(JsonObject.class)).extracting(o -> o.getString("id")).contains(id);
    assertThat(get("alice", "/api/users/" + root + "/jobs").array()).isEqualTo(jobs);
    JsonObject summary =
        get("alice", "/api/users/alice/jobs?summary=true")
            .array()
            .getValuesAs(JsonObject.class)
            .stream()
            .filter(o -> o.getString("id").equals(id))
            .findFirst()
            .orElseThrow();
    assertThat(summary.keySet()).containsExactlyInAnyOrder("date_created", "id", "status");
    assertThat(summary.getString("status")).isEqualTo("Success");

    JsonObject tree = get("alice", "/api/tree/" + root + ":" + id).object();
    assertThat(tree.getJsonObject("node").getString("id")).isEqualTo(id);
    JsonObject top = get("alice", "/api/tree/" + root).object();
    assertThat(top.getJsonArray("children").getValuesAs(JsonObject.class))
        .extracting(o -> o.getString("id"))
        .contains(id);
  }

  @Test
  void pythonAndJavaCodeRunAsTheSeedShows() throws Exception {
    var python = submit("alice", "{\"cmd\": \"x = 5; return x + 10\"}");
    assertThat(python.status()).as(python.body()).isEqualTo(201);
    assertThat(awaitEnd("alice", python.object().getString("id")).getInt("result")).isEqualTo(15);
    var java = submit("alice", "{\"cmd\": \"var x = 5; return x + 10;\", \"cmdType\": \"java\"}");
    assertThat(awaitEnd("alice", java.object().getString("id")).getInt("result")).isEqualTo(15);
    var crash = submit("alice", "{\"cmd\": \"return float('crash and burn')\"}");
    JsonObject failed = awaitEnd("alice", crash.object().getString("id"));
    assertThat(failed.getString("status")).isEqualTo("Failed");
    JsonArray lines = failed.getJsonArray("result");
    assertThat(lines.getString(0)).isEqualTo("Traceback (most recent call last):\n");
    assertThat(lines.getString(lines.size() - 1))
        .isEqualTo("ValueError: could not convert string to float: 'crash and burn'\n");
  }

  @Test
  void aNamedHandlerRunsWithItsJsonArgumentsAndAnUnknownOneIsRefused() throws Exception {
    var echo =
        submit(
            "alice",
            "{\"handler\": \"moi.echo\", \"args\": {\"rows\": [1, 2]}, \"name\": \"echo\"}");
    assertThat(echo.status()).as(echo.body()).isEqualTo(201);
    JsonObject done = awaitEnd("alice", echo.object().getString("id"));
    assertThat(done.getString("status")).isEqualTo("Success");
    assertThat(done.getJsonObject("result").toString()).isEqualTo("{\"rows\":[1,2]}");

    long before = keys();
    assertError(
        submit("alice", "{\"handler\": \"no-such-handler\"}"),
        400,
        "no job handler named 'no-such-handler'");
    assertError(submit("alice", "{\"handler\": \"moi.echo\", \"cmd\": \"true\"}"), 400, "not both");
    assertError(
        submit("alice", "{\"cmd\": \"true\", \"args\": [1]}"), 400, "'args' goes with 'handler'");
    assertThat(keys()).isEqualTo(before);
    var badArgs =
        submit("alice", "{\"handler\": \"moi.sleep\", \"args\": {\"seconds\": \"soon\"}}");
    JsonObject failed = awaitEnd("alice", badArgs.object().getString("id"));
    assertThat(failed.getString("status")).isEqualTo("Failed");
    assertThat(failed.getJsonArray("result").toString())
        .contains("moi.sleep takes {\\\"seconds\\\": n}");
  }

  @Test
  void userListsAndTreesAreSortedByCreationAndDepthAllReachesDeeper() throws Exception {
    String first =
        submit("bob", "{\"cmd\": \"true\", \"cmdType\": \"system\", \"name\": \"first\"}")
            .object()
            .getString("id");
    String second =
        submit("bob", "{\"cmd\": \"true\", \"cmdType\": \"system\", \"name\": \"second\"}")
            .object()
            .getString("id");
    awaitEnd("bob", second);
    List<String> ids =
        get("bob", "/api/users/bob/jobs?summary=true")
            .array()
            .getValuesAs(JsonObject.class)
            .stream()
            .map(o -> o.getString("id"))
            .toList();
    assertThat(ids).containsSubsequence(first, second);
    String root = get("bob", "/api/info/" + first).object().getString("parent");
    String outer =
        post("bob", "/api/groups", "application/json", "{\"name\": \"outer\"}")
            .object()
            .getString("id");
    String inner =
        post(
                "bob",
                "/api/groups",
                "application/json",
                "{\"name\": \"inner\", \"parent\": \"" + outer + "\"}")
            .object()
            .getString("id");
    String deep =
        submit("bob", "{\"cmd\": \"true\", \"cmdType\": \"system\", \"parent\": \"" + inner + "\"}")
            .object()
            .getString("id");
    assertThat(childIds(get("bob", "/api/tree/" + root + ":" + outer))).containsExactly(inner);
    assertThat(childIds(get("bob", "/api/tree/" + root + ":" + outer + "?depth=1")))
        .containsExactly(inner);
    assertThat(childIds(get("bob", "/api/tree/" + root + ":" + outer + "?depth=all")))
        .containsExactly(inner, deep);
    assertThat(childIds(get("bob", "/api/tree/" + root + "?depth=all")))
        .contains(first, second, outer, inner, deep);
    assertError(get("bob", "/api/tree/" + root + "?depth=7"), 400, "depth");
  }

  @Test
  void aUserCannotReachAnotherUsersNodesByAnyRoute() throws Exception {
    JsonObject job = submit("alice", "{\"cmd\": \"true\", \"cmdType\": \"system\"}").object();
    String id = job.getString("id");
    String root = job.getString("parent");
    String missing = "no-such-" + id;

    var foreign = get("bob", "/api/info/" + id);
    var absent = get("bob", "/api/info/" + missing);
    assertError(foreign, 404, id);
    assertThat(foreign.body().replace(id, "X")).isEqualTo(absent.body().replace(missing, "X"));
    assertError(get("bob", "/api/info/" + id + "?after=Queued&wait=1"), 404, id);
    assertError(get("bob", "/api/tree/" + root + ":" + id), 404, "no node at path");
    assertError(get("bob", "/api/tree/" + root), 404, "no node at path");
    assertError(get("bob", "/api/users/alice/jobs"), 404, "Unknown key: alice");
    assertError(get("bob", "/api/users/" + root + "/jobs"), 404, "Unknown key: " + root);
    assertError(delete("bob", "/api/info/" + id), 404, id);
    assertError(
        submit("bob", "{\"cmd\": \"true\", \"cmdType\": \"system\", \"parent\": \"" + root + "\"}"),
        404,
        root);
    assertThat(get("alice", "/api/info/" + id).status()).isEqualTo(200);
    assertThat(get("root", "/api/info/" + id).status()).isEqualTo(200);
  }

  @Test
  void rolesDecideWhoMaySubmitCodeActForOthersAndListUsers() throws Exception {
    assertError(submit("carol", "{\"cmd\": \"true\", \"cmdType\": \"system\"}"), 403, "moi-exec");
    assertError(
        submit("alice", "{\"cmd\": \"true\", \"cmdType\": \"system\", \"user\": \"bob\"}"),
        403,
        "moi-admin");
    var forBob = submit("root", "{\"cmd\": \"true\", \"cmdType\": \"system\", \"user\": \"bob\"}");
    assertThat(forBob.status()).isEqualTo(201);
    String id = forBob.object().getString("id");
    assertThat(get("bob", "/api/info/" + id).status()).isEqualTo(200);

    assertError(get("alice", "/api/users"), 403, "moi-admin");
    var users = get("root", "/api/users").array().getValuesAs(JsonObject.class);
    assertThat(users).extracting(o -> o.getString("username")).contains("alice", "bob");
    String bobRoot = forBob.object().getString("parent");
    assertThat(users)
        .anyMatch(
            o -> o.getString("username").equals("bob") && o.getString("group").equals(bobRoot));
    assertThat(get("carol", "/api/users/carol/jobs").array()).isEmpty();
  }

  @Test
  void badRequestsGetClearErrorsAndLeaveStoredDataUntouched() throws Exception {
    long before = keys();
    assertError(submit("alice", "{\"cmd\": "), 400, "not valid JSON");
    assertError(submit("alice", "[1, 2]"), 400, "JSON object");
    assertError(
        submit("alice", "{\"cmd\": \"true\", \"colour\": \"red\"}"), 400, "unknown field 'colour'");
    assertError(submit("alice", "{\"cmd\": 42}"), 400, "field 'cmd' must be a string");
    assertError(
        submit("alice", "{\"cmd\": \"true\", \"cmdType\": \"cobol\"}"), 400, "field 'cmdType'");
    assertError(submit("alice", "{\"name\": \"no command\"}"), 400, "field 'cmd' is required");
    assertError(
        submit("alice", "{\"cmd\": \"true\", \"cmdType\": \"system\", \"context\": \"gpu\"}"),
        400,
        "unknown context 'gpu'");
    assertError(
        submit("alice", "{\"cmd\": \"true\", \"url\": \"javascript:alert(1)\"}"),
        400,
        "field 'url'");
    // Clients that send large bodies ask first (Expect: 100-continue) and get the 413 at once.
    assertError(
        send(
            HttpRequest.newBuilder(uri("/api/jobs"))
                .header("Authorization", basic("alice", PASSWORD))
                .header("Content-Type", "application/json")
                .expectContinue(true)
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"cmd\": \"" + "x".repeat(2_000_000) + "\"}"))),
        413,
        "larger than");
    assertError(
        post("alice", "/api/jobs", "text/plain", "{\"cmd\": \"true\"}"), 415, "application/json");
    assertError(
        send(
            HttpRequest.newBuilder(uri("/api/jobs"))
                .header("Authorization", basic("alice", PASSWORD))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{}"))),
        405,
        "POST");
    assertError(get("alice", "/api/tree/a::b"), 400, "empty step");
    assertError(get("alice", "/api/nothing-here"), 404, "no such resource");
    assertError(get("alice", "/api/info/x?after=Queued&wait=999"), 404, "x");
    assertThat(keys()).isEqualTo(before);
  }

  @Test
  void deleteDetachesANodeAndPublishesRemove() throws Exception {
    JsonObject job = submit("alice", "{\"cmd\": \"true\", \"cmdType\": \"system\"}").object();
    String id = job.getString("id");
    String root = job.getString("parent");
    awaitEnd("alice", id);
    try (Jedis redis = ItRedis.client();
        var sub =
            new io.moi.Recorder(ItRedis.HOST, ItRedis.port(), id, List.of(root + ":pubsub"))) {
      assertThat(delete("alice", "/api/info/" + id).status()).isEqualTo(204);
      var seen = sub.next();
      assertThat(seen.message()).isEqualTo("{\"remove\":[\"" + id + "\"]}");
      assertThat(redis.sismember(root + ":children", id)).isFalse();
    }
    assertError(get("alice", "/api/info/" + id), 404, id);
    assertError(delete("alice", "/api/info/" + root), 400, "root group");
  }

  @Test
  void browsersLogInWithAFormAndKeepASession() throws Exception {
    var failed =
        send(
            HttpRequest.newBuilder(uri("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Origin", origin())
                .POST(HttpRequest.BodyPublishers.ofString("username=alice&password=wrong")));
    assertThat(failed.status()).isEqualTo(302);
    assertThat(failed.header("Location")).contains("/login.html?failed");

    var page = send(HttpRequest.newBuilder(uri("/")));
    assertThat(page.status()).isEqualTo(302);
    assertThat(page.header("Location")).endsWith("/login.html");

    var login =
        send(
            HttpRequest.newBuilder(uri("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Origin", origin())
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "username=alice&password=" + enc(PASSWORD))));
    assertThat(login.status()).isEqualTo(302);
    String cookie =
        login.raw().headers().allValues("Set-Cookie").stream()
            .filter(c -> c.startsWith("JSESSIONID="))
            .findFirst()
            .orElseThrow();
    assertThat(cookie).containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Lax");
    var jobs =
        send(
            HttpRequest.newBuilder(uri("/api/users/alice/jobs"))
                .header("Cookie", cookie.split(";")[0]));
    assertThat(jobs.status()).as(jobs.body()).isEqualTo(200);
    var me =
        send(HttpRequest.newBuilder(uri("/api/me")).header("Cookie", cookie.split(";")[0]))
            .object();
    assertThat(me.getString("username")).isEqualTo("alice");
    assertThat(me.getJsonArray("roles").getValuesAs(jakarta.json.JsonString.class))
        .extracting(jakarta.json.JsonString::getString)
        .containsExactly("moi-exec", "moi-user");
    var dashboard = send(HttpRequest.newBuilder(uri("/")).header("Cookie", cookie.split(";")[0]));
    assertThat(dashboard.status()).isEqualTo(200);
    assertThat(dashboard.header("Cache-Control")).contains("no-cache");
    var logout =
        send(
            HttpRequest.newBuilder(uri("/logout"))
                .header("Cookie", cookie.split(";")[0])
                .header("Origin", origin())
                .POST(HttpRequest.BodyPublishers.noBody()));
    assertThat(logout.header("Location")).endsWith("/login.html");
    assertThat(
            send(HttpRequest.newBuilder(uri("/api/users/alice/jobs"))
                    .header("Cookie", cookie.split(";")[0]))
                .status())
        .isEqualTo(401);
  }

  @Test
  void openApiDescribesEveryResource() throws Exception {
    var doc =
        send(
            HttpRequest.newBuilder(base.toURI().resolve("/openapi"))
                .header("Accept", "application/json"));
    assertThat(doc.status()).isEqualTo(200);
    assertThat(doc.body())
        .as("the OpenAPI document")
        .contains(
            "/api/info/{id}",
            "/api/tree/{path}",
            "/api/users/{key}/jobs",
            "/api/users",
            "/api/jobs",
            "/api/me",
            "x = 5; return x + 10",
            "0c1ce595-4f6d-4fcb-b872-90118f6b1cd9");
  }

  private static void assertSecurityHeaders(Answer answer) {
    assertThat(answer.header("X-Content-Type-Options"))
        .as("nosniff on " + answer.raw().uri())
        .isEqualTo("nosniff");
    assertThat(answer.header("Content-Security-Policy"))
        .as("CSP on " + answer.raw().uri())
        .contains(
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "frame-ancestors 'none'");
    assertThat(answer.header("Referrer-Policy"))
        .as("Referrer-Policy on " + answer.raw().uri())
        .isEqualTo("same-origin");
  }

  private static String nested(int depth) {
    return "{\"cmd\": " + "[".repeat(depth - 1) + "]".repeat(depth - 1) + "}";
  }

  @Test
  void untilEndedAnswersOnceTheJobHasEndedPastItsOtherChanges() throws Exception {
    Answer submitted =
        submit(
            "alice",
            "{\"cmd\": \"echo step >> \\\"$MOI_STATUS_FILE\\\"; sleep 1; echo done\","
                + " \"cmdType\": \"system\"}");
    assertThat(submitted.status()).as(submitted.body()).isEqualTo(201);
    String id = submitted.object().getString("id");

    JsonObject ended = get("alice", "/api/info/" + id + "?until=ended&wait=30").object();
    assertThat(ended.getString("status")).isEqualTo("Success");
    assertThat(ended.getJsonArray("result").getString(0)).isEqualTo("done\n");
    // Once ended, it answers at once; the job of another user is not found.
    assertThat(get("alice", "/api/info/" + id + "?until=ended&wait=60").object()).isEqualTo(ended);
    assertError(get("bob", "/api/info/" + id + "?until=ended&wait=1"), 404, id);
  }

  @Test
  void untilEndedGivesTheJobAsItIsWhenTimeIsUp() throws Exception {
    Answer submitted = submit("alice", "{\"cmd\": \"sleep 20\", \"cmdType\": \"system\"}");
    String id = submitted.object().getString("id");
    try {
      JsonObject info = get("alice", "/api/info/" + id + "?until=ended&wait=1").object();
      assertThat(info.getString("status")).isIn("Queued", "Running");
    } finally {
      post("alice", "/api/info/" + id + "/cancel", "application/json", "{}");
    }
  }

  @Test
  void badQueryValuesAreA400NamingTheParameter() throws Exception {
    String root = get("alice", "/api/me").object().getString("group");
    assertError(get("alice", "/api/info/" + root + "?until=soon"), 400, "query parameter 'until'");
    assertError(get("alice", "/api/info/" + root + "?after=Queued&until=ended"), 400, "not both");
    assertError(get("alice", "/api/info/" + root + "?until=ended"), 400, "is a group");
    assertError(
        get("alice", "/api/info/" + root + "?after=Queued&wait=abc"),
        400,
        "query parameter 'wait'");
    assertError(
        get("alice", "/api/info/" + root + "?after=Queued&wait=99999999999"), 400, "from 1 to 60");
    assertError(get("alice", "/api/info/" + root + "?wait=0"), 400, "query parameter 'wait'");
    assertThat(get("alice", "/api/info/" + root + "?after=Queued&wait=1").status()).isEqualTo(200);
    assertError(
        get("alice", "/api/users/alice/jobs?summary=yes"),
        400,
        "query parameter 'summary' must be true or false");
    assertThat(get("alice", "/api/users/alice/jobs?summary=false").status()).isEqualTo(200);
    assertError(
        get("alice", "/api/tree/" + root + "?depth=2"),
        400,
        "query parameter 'depth' must be 1 or all");
  }

  @Test
  void aBodyNestedDeeperThanTheLimitIsA400AndStoresNothing() throws Exception {
    long before = keys();
    assertError(
        submit("alice", nested(1000)), 400, "deeper than " + JsonBodies.MAX_DEPTH + " levels");
    assertError(
        post("alice", "/api/groups", "application/json", nested(JsonBodies.MAX_DEPTH + 1)),
        400,
        "deeper than " + JsonBodies.MAX_DEPTH + " levels");
    // At the limit the body is read, and refused for what it says.
    assertError(submit("alice", nested(JsonBodies.MAX_DEPTH)), 400, "field 'cmd' must be a string");
    assertThat(keys()).isEqualTo(before);
  }

  @Test
  void aUriOverTheLimitIsAJson414AndEncodedPathsAreJudgedByMoi() throws Exception {
    var longUri = get("alice", "/api/info/" + "a".repeat(9000));
    assertError(longUri, 414, "at most " + UriLimit.MAX_URI);
    assertSecurityHeaders(longUri);
    assertError(get("alice", "/api/info/x?after=" + "q".repeat(9000)), 414, "at most");
    assertError(get("alice", "/api/info/%2e%2e%2fetc"), 404, "no node with ID '../etc'");
    assertError(get("alice", "/api/info/a%2Fb"), 404, "no node with ID 'a/b'");
  }

  /** What the HTTP listener refuses before moi sees it: the limits the README names. */
  @Test
  void requestsTheHttpListenerRefusesGetA400WithoutReachingMoi() throws Exception {
    var paths =
        List.of(
            uri("/api/info/a%00b"),
            uri("/api/info/a%5Cb"),
            base.toURI().resolve("/api/%2e%2e/%2e%2e/%2e%2e/etc"));
    for (URI path : paths) {
      var refused =
          send(HttpRequest.newBuilder(path).header("Authorization", basic("alice", PASSWORD)));
      assertThat(refused.status()).as(path.toString()).isEqualTo(400);
      assertThat(refused.body())
          .as(path.toString())
          .doesNotContain("\tat ")
          .doesNotContain("Exception");
    }
    assertThat(get("alice", "/api/info/" + "a".repeat(70_000)).status()).isEqualTo(400);
    assertThat(rawStatusLine("X-Note: a\0b")).startsWith("HTTP/1.1 400");
  }

  /**
   * A request the HTTP client refuses to send (a control character in a header), over a plain
   * socket.
   */
  private String rawStatusLine(String header) throws Exception {
    try (var socket = new java.net.Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(30_000);
      String request =
          "GET "
              + uri("/api/me").getRawPath()
              + " HTTP/1.1\r\nHost: "
              + base.getHost()
              + "\r\n"
              + "Authorization: "
              + basic("alice", PASSWORD)
              + "\r\n"
              + header
              + "\r\nConnection: close\r\n\r\n";
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      var reader =
          new java.io.BufferedReader(
              new java.io.InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
      return reader.readLine();
    }
  }

  @Test
  void pagesApiAnswersAndErrorsAllCarryTheSecurityHeaders() throws Exception {
    var loginPage = send(HttpRequest.newBuilder(uri("/login.html")));
    assertThat(loginPage.status()).isEqualTo(200);
    assertThat(loginPage.body()).doesNotContain("<script>").doesNotContain("<style>");
    assertSecurityHeaders(loginPage);
    var dashboard = get("alice", "/");
    assertThat(dashboard.status()).isEqualTo(200);
    assertSecurityHeaders(dashboard);
    var list = get("alice", "/list.html");
    assertThat(list.body())
        .contains("<script src=\"list-page.js\">")
        .doesNotContain("<script>")
        .doesNotContain("<style>");
    assertSecurityHeaders(list);
    assertSecurityHeaders(get("alice", "/dashboard.js"));
    assertSecurityHeaders(get("alice", "/api/me"));
    assertSecurityHeaders(send(HttpRequest.newBuilder(uri("/")))); // the redirect to the login
    var unauthorized = send(HttpRequest.newBuilder(uri("/api/me")));
    assertError(unauthorized, 401, "log in");
    assertSecurityHeaders(unauthorized);
    var missing = get("alice", "/api/nothing-here");
    assertError(missing, 404, "no such resource");
    assertSecurityHeaders(missing);
    var missingPage = send(HttpRequest.newBuilder(uri("/nothing.html")));
    assertError(missingPage, 404, "no such resource");
    assertSecurityHeaders(missingPage);
    var badInput = submit("alice", "{\"cmd\": ");
    assertError(badInput, 400, "not valid JSON");
    assertSecurityHeaders(badInput);
  }

  @Test
  void sessionRequestsThatChangeSomethingMustComeFromTheServersOwnPages() throws Exception {
    String cookie = ItAccounts.login(http, base.toURI(), "bob");
    String job = "{\"cmd\": \"true\", \"cmdType\": \"system\"}";
    String kept = submit("bob", job).object().getString("id");
    List<String> before = jobIds("bob");

    assertError(
        withSession(
            cookie, "POST", "/api/jobs", "application/json", job, "Origin", "http://evil.example"),
        403,
        "http://evil.example");
    assertError(
        withSession(cookie, "POST", "/api/jobs", "application/json", job, "Origin", "null"),
        403,
        "null");
    String sameHostOtherPort =
        base.getProtocol() + "://" + base.getHost() + ":" + (base.getPort() + 1);
    assertError(
        withSession(
            cookie,
            "POST",
            "/api/jobs",
            "application/json",
            job,
            "Origin",
            sameHostOtherPort,
            "Sec-Fetch-Site",
            "same-site"),
        403,
        sameHostOtherPort);
    assertError(
        withSession(
            cookie,
            "POST",
            "/api/jobs",
            "application/json",
            job,
            "Origin",
            origin(),
            "Sec-Fetch-Site",
            "cross-site"),
        403,
        "Sec-Fetch-Site: cross-site");
    assertError(
        withSession(
            cookie, "POST", "/api/jobs", "application/json", job, "Sec-Fetch-Site", "same-site"),
        403,
        "Sec-Fetch-Site: same-site");
    assertError(
        withSession(cookie, "POST", "/api/jobs", "application/json", job),
        403,
        "Origin header is missing");
    assertError(
        withSession(
            cookie,
            "POST",
            "/api/groups",
            "application/json",
            "{\"name\": \"g\"}",
            "Origin",
            "http://evil.example"),
        403,
        "http://evil.example");
    assertError(
        withSession(
            cookie, "DELETE", "/api/info/" + kept, null, null, "Origin", "http://evil.example"),
        403,
        "http://evil.example");
    // A browser that still holds the user's Basic password for this server sends it along too.
    assertError(
        send(
            HttpRequest.newBuilder(uri("/api/jobs"))
                .header("Authorization", basic("bob", PASSWORD))
                .header("Content-Type", "application/json")
                .header("Origin", "http://evil.example")
                .POST(HttpRequest.BodyPublishers.ofString(job))),
        403,
        "http://evil.example");
    assertThat(jobIds("bob")).isEqualTo(before);

    var fromOwnPage =
        withSession(
            cookie,
            "POST",
            "/api/jobs",
            "application/json",
            job,
            "Origin",
            origin(),
            "Sec-Fetch-Site",
            "same-origin");
    assertThat(fromOwnPage.status()).as(fromOwnPage.body()).isEqualTo(201);
    assertThat(
            withSession(cookie, "DELETE", "/api/info/" + kept, null, null, "Origin", origin())
                .status())
        .isEqualTo(204);
    assertThat(
            withSession(
                    cookie,
                    "GET",
                    "/api/users/bob/jobs",
                    null,
                    null,
                    "Origin",
                    "http://evil.example")
                .status())
        .as("reading changes nothing and is left to the browser's same-origin rule")
        .isEqualTo(200);
    // API clients name no origin and need none.
    assertThat(submit("bob", job).status()).isEqualTo(201);
  }

  @Test
  void aBodyThatDoesNotSayItIsJsonIsRefusedAndNothingIsStored() throws Exception {
    String cookie = ItAccounts.login(http, base.toURI(), "bob");
    String job = "{\"cmd\": \"true\", \"cmdType\": \"system\"}";
    List<String> before = jobIds("bob");
    // What a page's fetch with a Blob of no type sends: no Content-Type at all, and no preflight.
    assertError(
        withSession(cookie, "POST", "/api/jobs", null, job, "Origin", origin()),
        415,
        "no Content-Type");
    assertError(
        withSession(cookie, "POST", "/api/jobs", "text/plain", job, "Origin", origin()),
        415,
        "application/json");
    assertError(
        withSession(cookie, "POST", "/api/groups", null, "{\"name\": \"g\"}", "Origin", origin()),
        415,
        "application/json");
    assertError(
        send(
            HttpRequest.newBuilder(uri("/api/groups"))
                .header("Authorization", basic("bob", PASSWORD))
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"g\"}"))),
        415,
        "no Content-Type");
    assertThat(jobIds("bob")).isEqualTo(before);
    var json =
        withSession(
            cookie,
            "POST",
            "/api/groups",
            "application/json; charset=utf-8",
            "{\"name\": \"g\"}",
            "Origin",
            origin());
    assertThat(json.status()).as(json.body()).isEqualTo(201);
  }

  @Test
  void signingInOrOutFromAnotherSiteIsRefusedAndLoggingOutTakesAPost() throws Exception {
    String form = "username=bob&password=" + enc(PASSWORD);
    // Another site's page, a browser that says so, and a request that does not say where it comes
    // from.
    for (List<String> foreign :
        List.of(
            List.of("Origin", "http://evil.example"),
            List.of("Sec-Fetch-Site", "cross-site"),
            List.<String>of())) {
      var request =
          HttpRequest.newBuilder(uri("/login"))
              .header("Content-Type", "application/x-www-form-urlencoded")
              .POST(HttpRequest.BodyPublishers.ofString(form));
      if (!foreign.isEmpty()) {
        request.header(foreign.get(0), foreign.get(1));
      }
      var login = send(request);
      assertError(login, 403, foreign.isEmpty() ? "Origin header is missing" : foreign.get(1));
      assertThat(login.raw().headers().allValues("Set-Cookie"))
          .noneMatch(c -> c.startsWith("JSESSIONID="));
    }

    String cookie = ItAccounts.login(http, base.toURI(), "bob");
    assertError(
        withSession(cookie, "POST", "/logout", null, null, "Origin", "http://evil.example"),
        403,
        "evil.example");
    assertError(
        withSession(cookie, "POST", "/logout", null, null, "Sec-Fetch-Site", "same-site"),
        403,
        "same-site");
    var link = withSession(cookie, "GET", "/logout", null, null);
    assertError(link, 405, "POST");
    assertThat(link.header("Allow")).isEqualTo("POST");
    assertThat(withSession(cookie, "GET", "/api/me", null, null).status())
        .as("still signed in")
        .isEqualTo(200);

    var logout =
        withSession(
            cookie,
            "POST",
            "/logout",
            null,
            null,
            "Origin",
            origin(),
            "Sec-Fetch-Site",
            "same-origin");
    assertThat(logout.status()).isEqualTo(302);
    assertThat(logout.header("Location")).endsWith("/login.html");
    assertThat(withSession(cookie, "GET", "/api/me", null, null).status()).isEqualTo(401);
  }

  // ---- wrong passwords, counted from addresses of the tests' own (127.0.0.2 and .3, one a
  // test) so that what is counted there holds up no other test ----

  static final String GUESSER = "127.0.0.2";
  static final String NAME_GUESSER = "127.0.0.3";

  record Reply(int status, Map<String, String> headers, String body) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    int retryAfter() {
      return Integer.parseInt(header("Retry-After"));
    }
  }

  /**
   * One HTTP/1.0 request from the given local address (java.net.http cannot choose it on Java 17).
   */
  private Reply from(String address, String method, String path, String body, String... headers)
      throws Exception {
    try (var socket = new Socket()) {
      socket.bind(new InetSocketAddress(address, 0));
      socket.connect(new InetSocketAddress("127.0.0.1", base.getPort()), 10_000);
      socket.setSoTimeout(90_000);
      URI target = uri(path);
      var head =
          new StringBuilder(
              method
                  + " "
                  + target.getRawPath()
                  + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery())
                  + " HTTP/1.0\r\n"
                  + "Host: "
                  + base.getHost()
                  + ":"
                  + base.getPort()
                  + "\r\n");
      for (int i = 0; i < headers.length; i += 2) {
        head.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
      }
      byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
      head.append("Content-Length: ").append(content.length).append("\r\n\r\n");
      var out = socket.getOutputStream();
      out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.write(content);
      out.flush();
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int end = answer.indexOf("\r\n\r\n");
      String[] lines = answer.substring(0, end).split("\r\n");
      var fields = new java.util.HashMap<String, String>();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        fields.putIfAbsent(
            lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
            lines[i].substring(colon + 1).strip());
      }
      return new Reply(Integer.parseInt(lines[0].split(" ")[1]), fields, answer.substring(end + 4));
    }
  }

  private Reply basicFrom(String address, String user, String password, String... headers)
      throws Exception {
    var all = new java.util.ArrayList<>(List.of("Authorization", basic(user, password)));
    all.addAll(List.of(headers));
    return from(address, "GET", "/api/me", null, all.toArray(String[]::new));
  }

  private static void assertError(Reply reply, int status, String detailPart) {
    assertThat(reply.status()).as(reply.body()).isEqualTo(status);
    assertThat(reply.header("Content-Type")).startsWith("application/json");
    JsonObject body = Json.createReader(new StringReader(reply.body())).readObject();
    assertThat(body.getInt("status")).isEqualTo(status);
    assertThat(body.getString("detail")).contains(detailPart);
  }

  /**
   * Wrong passwords until the answer is a 429 asking for at least {@code seconds}; each shorter
   * wait is sat out, as Retry-After asks, so that the next wrong password counts.
   */
  private Reply guessUntilTold(int seconds, java.util.function.IntFunction<Reply> guess)
      throws Exception {
    for (int attempt = 0; attempt < 60; attempt++) {
      Reply answer = guess.apply(attempt);
      if (answer.status() != 429) {
        assertError(answer, 401, "wrong username or password");
        continue;
      }
      assertError(answer, 429, "try again in " + answer.retryAfter() + " s");
      if (answer.retryAfter() >= seconds) {
        return answer;
      }
      Thread.sleep(answer.retryAfter() * 1000L); // the wait the server asks for, not a poll
    }
    throw new AssertionError("60 wrong passwords and never a wait of " + seconds + " s");
  }

  private static Reply unchecked(java.util.concurrent.Callable<Reply> call) {
    try {
      return call.call();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void wrongPasswordsForOneUserMakeHerWaitAndHerRightPasswordWorksAfterTheWait() throws Exception {
    Reply told =
        guessUntilTold(
            8, attempt -> unchecked(() -> basicFrom(GUESSER, "carol", "wrong " + attempt)));
    assertThat(told.retryAfter()).isBetween(8, 30);

    // While she waits, not even her right password is looked at, by Basic or by the form.
    Reply waiting = basicFrom(GUESSER, "carol", PASSWORD);
    assertError(waiting, 429, "too many wrong passwords");
    var form =
        from(
            GUESSER,
            "POST",
            "/login",
            "username=carol&password=" + enc(PASSWORD),
            "Content-Type",
            "application/x-www-form-urlencoded",
            "Origin",
            origin());
    assertThat(form.status()).isEqualTo(302);
    assertThat(form.header("Location")).containsPattern("/login\\.html\\?wait=\\d+$");
    // The address has not used up its own free failures: another user gets in from it.
    assertThat(basicFrom(GUESSER, "bob", PASSWORD).status()).isEqualTo(200);

    Thread.sleep(waiting.retryAfter() * 1000L); // the wait the server asks for, not a poll
    assertThat(basicFrom(GUESSER, "carol", PASSWORD).status()).isEqualTo(200);
    assertThat(basicFrom(GUESSER, "carol", "wrong again").status())
        .as("her count starts afresh")
        .isEqualTo(401);
  }

  @Test
  void oneAddressTryingManyNamesWaitsWhateverItClaimsToBe() throws Exception {
    // Every name is new, so only the address can be what is braked; X-Forwarded-For is the
    // client's own word and changes nothing.
    Reply told =
        guessUntilTold(
            8,
            attempt ->
                unchecked(
                    () ->
                        basicFrom(
                            NAME_GUESSER,
                            "guess-" + attempt,
                            "wrong",
                            "X-Forwarded-For",
                            "203.0.113." + attempt)));
    assertThat(told.retryAfter()).isBetween(8, 30);

    Reply waiting = basicFrom(NAME_GUESSER, "bob", PASSWORD);
    assertError(waiting, 429, "from this address");
    assertThat(get("bob", "/api/me").status()).as("other addresses go on").isEqualTo(200);
    Thread.sleep(waiting.retryAfter() * 1000L); // the wait the server asks for, not a poll
    assertThat(basicFrom(NAME_GUESSER, "bob", PASSWORD).status()).isEqualTo(200);
  }
}
