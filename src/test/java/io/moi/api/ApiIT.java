package io.moi.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.moi.ItAccounts;
import io.moi.ItRedis;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;
import java.io.StringReader;
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
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;

/** The REST API as its clients see it, against the built WAR on Payara Micro and Redis. */
@ExtendWith(ArquillianExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApiIT {

  static final String PASSWORD = ItAccounts.PASSWORD;

  @Deployment(testable = false)
  static WebArchive deployment() {
    return ItAccounts.builtWar();
  }

  @ArquillianResource URL base;

  private final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER).build();

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
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }


  private Answer send(HttpRequest.Builder request) throws Exception {
    var response = http.send(request.timeout(Duration.ofSeconds(90)).build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(response.statusCode(), response.body(), response);
  }

  private Answer get(String user, String path) throws Exception {
    return send(HttpRequest.newBuilder(uri(path)).header("Authorization", basic(user, PASSWORD)));
  }

  private Answer post(String user, String path, String contentType, String body) throws Exception {
    return send(HttpRequest.newBuilder(uri(path)).header("Authorization", basic(user, PASSWORD))
        .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  private Answer submit(String user, String json) throws Exception {
    return post(user, "/api/jobs", "application/json", json);
  }

  private Answer delete(String user, String path) throws Exception {
    return send(HttpRequest.newBuilder(uri(path)).header("Authorization", basic(user, PASSWORD)).DELETE());
  }

  private static List<String> childIds(Answer tree) {
    assertThat(tree.status()).as(tree.body()).isEqualTo(200);
    return tree.object().getJsonArray("children").getValuesAs(JsonObject.class).stream()
        .map(o -> o.getString("id")).toList();
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
  @Order(1)
  void requestsWithoutValidCredentialsGetJson401WithABasicChallenge() throws Exception {
    var none = send(HttpRequest.newBuilder(uri("/api/users/alice/jobs")));
    assertError(none, 401, "log in");
    assertThat(none.header("WWW-Authenticate")).startsWith("Basic realm=\"moi\"");
    var script = send(HttpRequest.newBuilder(uri("/api/users/alice/jobs")).header("X-Requested-With", "XMLHttpRequest"));
    assertError(script, 401, "log in");
    assertThat(script.header("WWW-Authenticate")).as("no browser password dialog for page scripts").isNull();
    assertError(send(HttpRequest.newBuilder(uri("/api/users/alice/jobs"))
        .header("Authorization", basic("alice", "wrong"))), 401, "wrong username or password");
    assertError(send(HttpRequest.newBuilder(uri("/api/users/alice/jobs"))
        .header("Authorization", basic("nobody", PASSWORD))), 401, "wrong username or password");
    assertError(send(HttpRequest.newBuilder(uri("/api/users/alice/jobs"))
        .header("Authorization", "Basic %%%")), 401, "Base64");
  }

  @Test
  @Order(2)
  void submittedCommandIsCreatedReadableAndListedForItsOwner() throws Exception {
    var created = submit("alice", "{\"cmd\": \"echo 'hello from moi'\", \"cmdType\": \"system\", \"url\": \"/results\"}");
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
    JsonObject summary = get("alice", "/api/users/alice/jobs?summary=true").array()
        .getValuesAs(JsonObject.class).stream().filter(o -> o.getString("id").equals(id)).findFirst().orElseThrow();
    assertThat(summary.keySet()).containsExactlyInAnyOrder("date_created", "id", "status");
    assertThat(summary.getString("status")).isEqualTo("Success");

    JsonObject tree = get("alice", "/api/tree/" + root + ":" + id).object();
    assertThat(tree.getJsonObject("node").getString("id")).isEqualTo(id);
    JsonObject top = get("alice", "/api/tree/" + root).object();
    assertThat(top.getJsonArray("children").getValuesAs(JsonObject.class))
        .extracting(o -> o.getString("id")).contains(id);
  }

  @Test
  @Order(2)
  void pythonAndJavaCodeRunAsTheSeedShows() throws Exception {
    var python = submit("alice", "{\"cmd\": \"x = 5; return x + 10\"}");
    assertThat(python.status()).as(python.body()).isEqualTo(201);
    assertThat(awaitEnd("alice", python.object().getString("id")).getInt("result")).isEqualTo(15);
    var java = submit("alice", "{\"cmd\": \"var x = 5; return x + 10;\", \"cmdType\": \"java\"}");
    assertThat(awaitEnd("alice", java.object().getString("id")).getInt("result")).isEqualTo(15);
    var crash = submit("alice", "{\"cmd\": \"return float('crash and burn')\"}");
    JsonObject failed = awaitEnd("alice", crash.object().getString("id"));
    assertThat(failed.getString("status")).isEqualTo("Failed");
    assertThat(failed.getString("result")).contains("ValueError: could not convert string to float: 'crash and burn'");
  }

  @Test
  @Order(3)
  void userListsAndTreesAreSortedByCreationAndDepthAllReachesDeeper() throws Exception {
    String first = submit("bob", "{\"cmd\": \"true\", \"cmdType\": \"system\", \"name\": \"first\"}").object().getString("id");
    String second = submit("bob", "{\"cmd\": \"true\", \"cmdType\": \"system\", \"name\": \"second\"}").object().getString("id");
    awaitEnd("bob", second);
    List<String> ids = get("bob", "/api/users/bob/jobs?summary=true").array().getValuesAs(JsonObject.class)
        .stream().map(o -> o.getString("id")).toList();
    assertThat(ids).containsSubsequence(first, second);
    String root = get("bob", "/api/info/" + first).object().getString("parent");
    String outer = post("bob", "/api/groups", "application/json", "{\"name\": \"outer\"}").object().getString("id");
    String inner = post("bob", "/api/groups", "application/json",
        "{\"name\": \"inner\", \"parent\": \"" + outer + "\"}").object().getString("id");
    String deep = submit("bob", "{\"cmd\": \"true\", \"cmdType\": \"system\", \"parent\": \"" + inner + "\"}")
        .object().getString("id");
    assertThat(childIds(get("bob", "/api/tree/" + root + ":" + outer))).containsExactly(inner);
    assertThat(childIds(get("bob", "/api/tree/" + root + ":" + outer + "?depth=1"))).containsExactly(inner);
    assertThat(childIds(get("bob", "/api/tree/" + root + ":" + outer + "?depth=all"))).containsExactly(inner, deep);
    assertThat(childIds(get("bob", "/api/tree/" + root + "?depth=all"))).contains(first, second, outer, inner, deep);
    assertError(get("bob", "/api/tree/" + root + "?depth=7"), 400, "depth");
  }

  @Test
  @Order(4)
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
    assertError(submit("bob", "{\"cmd\": \"true\", \"cmdType\": \"system\", \"parent\": \"" + root + "\"}"), 404, root);
    assertThat(get("alice", "/api/info/" + id).status()).isEqualTo(200);
    assertThat(get("root", "/api/info/" + id).status()).isEqualTo(200);
  }

  @Test
  @Order(5)
  void rolesDecideWhoMaySubmitCodeActForOthersAndListUsers() throws Exception {
    assertError(submit("carol", "{\"cmd\": \"true\", \"cmdType\": \"system\"}"), 403, "moi-exec");
    assertError(submit("alice", "{\"cmd\": \"true\", \"cmdType\": \"system\", \"user\": \"bob\"}"), 403, "moi-admin");
    var forBob = submit("root", "{\"cmd\": \"true\", \"cmdType\": \"system\", \"user\": \"bob\"}");
    assertThat(forBob.status()).isEqualTo(201);
    String id = forBob.object().getString("id");
    assertThat(get("bob", "/api/info/" + id).status()).isEqualTo(200);

    assertError(get("alice", "/api/users"), 403, "moi-admin");
    var users = get("root", "/api/users").array().getValuesAs(JsonObject.class);
    assertThat(users).extracting(o -> o.getString("username")).contains("alice", "bob");
    String bobRoot = forBob.object().getString("parent");
    assertThat(users).anyMatch(o -> o.getString("username").equals("bob") && o.getString("group").equals(bobRoot));
    assertThat(get("carol", "/api/users/carol/jobs").array()).isEmpty();
  }

  @Test
  @Order(6)
  void badRequestsGetClearErrorsAndLeaveStoredDataUntouched() throws Exception {
    long before = keys();
    assertError(submit("alice", "{\"cmd\": "), 400, "not valid JSON");
    assertError(submit("alice", "[1, 2]"), 400, "JSON object");
    assertError(submit("alice", "{\"cmd\": \"true\", \"colour\": \"red\"}"), 400, "unknown field 'colour'");
    assertError(submit("alice", "{\"cmd\": 42}"), 400, "field 'cmd' must be a string");
    assertError(submit("alice", "{\"cmd\": \"true\", \"cmdType\": \"cobol\"}"), 400, "field 'cmdType'");
    assertError(submit("alice", "{\"name\": \"no command\"}"), 400, "field 'cmd' is required");
    assertError(submit("alice", "{\"cmd\": \"true\", \"cmdType\": \"system\", \"context\": \"gpu\"}"), 400, "unknown context 'gpu'");
    assertError(submit("alice", "{\"cmd\": \"true\", \"url\": \"javascript:alert(1)\"}"), 400, "field 'url'");
    // Clients that send large bodies ask first (Expect: 100-continue) and get the 413 at once.
    assertError(send(HttpRequest.newBuilder(uri("/api/jobs")).header("Authorization", basic("alice", PASSWORD))
        .header("Content-Type", "application/json").expectContinue(true)
        .POST(HttpRequest.BodyPublishers.ofString("{\"cmd\": \"" + "x".repeat(2_000_000) + "\"}"))), 413, "larger than");
    assertError(post("alice", "/api/jobs", "text/plain", "{\"cmd\": \"true\"}"), 415, "application/json");
    assertError(send(HttpRequest.newBuilder(uri("/api/jobs")).header("Authorization", basic("alice", PASSWORD))
        .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString("{}"))), 405, "POST");
    assertError(get("alice", "/api/tree/a::b"), 400, "empty step");
    assertError(get("alice", "/api/nothing-here"), 404, "no such resource");
    assertError(get("alice", "/api/info/x?after=Queued&wait=999"), 404, "x");
    assertThat(keys()).isEqualTo(before);
  }

  @Test
  @Order(7)
  void deleteDetachesANodeAndPublishesRemove() throws Exception {
    JsonObject job = submit("alice", "{\"cmd\": \"true\", \"cmdType\": \"system\"}").object();
    String id = job.getString("id");
    String root = job.getString("parent");
    awaitEnd("alice", id);
    try (Jedis redis = ItRedis.client(); var sub = new io.moi.Recorder(ItRedis.HOST, ItRedis.port(), id, List.of(root + ":pubsub"))) {
      assertThat(delete("alice", "/api/info/" + id).status()).isEqualTo(204);
      var seen = sub.next();
      assertThat(seen.message()).isEqualTo("{\"remove\":[\"" + id + "\"]}");
      assertThat(redis.sismember(root + ":jobs", id)).isFalse();
    }
    assertError(get("alice", "/api/info/" + id), 404, id);
    assertError(delete("alice", "/api/info/" + root), 400, "root group");
  }

  @Test
  @Order(8)
  void browsersLogInWithAFormAndKeepASession() throws Exception {
    var failed = send(HttpRequest.newBuilder(uri("/login")).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("username=alice&password=wrong")));
    assertThat(failed.status()).isEqualTo(302);
    assertThat(failed.header("Location")).contains("/login.html?failed");

    var page = send(HttpRequest.newBuilder(uri("/")));
    assertThat(page.status()).isEqualTo(302);
    assertThat(page.header("Location")).endsWith("/login.html");

    var login = send(HttpRequest.newBuilder(uri("/login")).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("username=alice&password=" + enc(PASSWORD))));
    assertThat(login.status()).isEqualTo(302);
    String cookie = login.raw().headers().allValues("Set-Cookie").stream()
        .filter(c -> c.startsWith("JSESSIONID=")).findFirst().orElseThrow();
    assertThat(cookie).containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Lax");
    var jobs = send(HttpRequest.newBuilder(uri("/api/users/alice/jobs")).header("Cookie", cookie.split(";")[0]));
    assertThat(jobs.status()).as(jobs.body()).isEqualTo(200);
    var me = send(HttpRequest.newBuilder(uri("/api/me")).header("Cookie", cookie.split(";")[0])).object();
    assertThat(me.getString("username")).isEqualTo("alice");
    assertThat(me.getJsonArray("roles").getValuesAs(jakarta.json.JsonString.class))
        .extracting(jakarta.json.JsonString::getString).containsExactly("moi-exec", "moi-user");
    var dashboard = send(HttpRequest.newBuilder(uri("/")).header("Cookie", cookie.split(";")[0]));
    assertThat(dashboard.status()).isEqualTo(200);
    assertThat(dashboard.header("Cache-Control")).contains("no-cache");
    send(HttpRequest.newBuilder(uri("/logout")).header("Cookie", cookie.split(";")[0]));
    assertThat(send(HttpRequest.newBuilder(uri("/api/users/alice/jobs")).header("Cookie", cookie.split(";")[0])).status())
        .isEqualTo(401);
  }

  @Test
  @Order(9)
  void openApiDescribesEveryResource() throws Exception {
    var doc = send(HttpRequest.newBuilder(base.toURI().resolve("/openapi")).header("Accept", "application/json"));
    assertThat(doc.status()).isEqualTo(200);
    assertThat(doc.body()).as("the OpenAPI document").contains("/api/info/{id}", "/api/tree/{path}", "/api/users/{key}/jobs", "/api/users",
        "/api/jobs", "/api/me", "x = 5; return x + 10", "0c1ce595-4f6d-4fcb-b872-90118f6b1cd9");
  }

  private static void assertSecurityHeaders(Answer answer) {
    assertThat(answer.header("X-Content-Type-Options")).as("nosniff on " + answer.raw().uri()).isEqualTo("nosniff");
    assertThat(answer.header("Content-Security-Policy")).as("CSP on " + answer.raw().uri())
        .contains("default-src 'self'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'");
    assertThat(answer.header("Referrer-Policy")).as("Referrer-Policy on " + answer.raw().uri()).isEqualTo("same-origin");
  }

  private static String nested(int depth) {
    return "{\"cmd\": " + "[".repeat(depth - 1) + "]".repeat(depth - 1) + "}";
  }

  @Test
  @Order(31)
  void badQueryValuesAreA400NamingTheParameter() throws Exception {
    String root = get("alice", "/api/me").object().getString("group");
    assertError(get("alice", "/api/info/" + root + "?after=Queued&wait=abc"), 400, "query parameter 'wait'");
    assertError(get("alice", "/api/info/" + root + "?after=Queued&wait=99999999999"), 400, "from 1 to 60");
    assertError(get("alice", "/api/info/" + root + "?wait=0"), 400, "query parameter 'wait'");
    assertThat(get("alice", "/api/info/" + root + "?after=Queued&wait=1").status()).isEqualTo(200);
    assertError(get("alice", "/api/users/alice/jobs?summary=yes"), 400, "query parameter 'summary' must be true or false");
    assertThat(get("alice", "/api/users/alice/jobs?summary=false").status()).isEqualTo(200);
    assertError(get("alice", "/api/tree/" + root + "?depth=2"), 400, "query parameter 'depth' must be 1 or all");
  }

  @Test
  @Order(32)
  void aBodyNestedDeeperThanTheLimitIsA400AndStoresNothing() throws Exception {
    long before = keys();
    assertError(submit("alice", nested(1000)), 400, "deeper than " + JsonBodies.MAX_DEPTH + " levels");
    assertError(post("alice", "/api/groups", "application/json", nested(JsonBodies.MAX_DEPTH + 1)), 400,
        "deeper than " + JsonBodies.MAX_DEPTH + " levels");
    // At the limit the body is read, and refused for what it says.
    assertError(submit("alice", nested(JsonBodies.MAX_DEPTH)), 400, "field 'cmd' must be a string");
    assertThat(keys()).isEqualTo(before);
  }

  @Test
  @Order(33)
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
  @Order(34)
  void requestsTheHttpListenerRefusesGetA400WithoutReachingMoi() throws Exception {
    var paths = List.of(uri("/api/info/a%00b"), uri("/api/info/a%5Cb"), base.toURI().resolve("/api/%2e%2e/%2e%2e/%2e%2e/etc"));
    for (URI path : paths) {
      var refused = send(HttpRequest.newBuilder(path).header("Authorization", basic("alice", PASSWORD)));
      assertThat(refused.status()).as(path.toString()).isEqualTo(400);
      assertThat(refused.body()).as(path.toString()).doesNotContain("\tat ").doesNotContain("Exception");
    }
    assertThat(get("alice", "/api/info/" + "a".repeat(70_000)).status()).isEqualTo(400);
    assertThat(rawStatusLine("X-Note: a\0b")).startsWith("HTTP/1.1 400");
  }

  /** A request the HTTP client refuses to send (a control character in a header), over a plain socket. */
  private String rawStatusLine(String header) throws Exception {
    try (var socket = new java.net.Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(30_000);
      String request = "GET " + uri("/api/me").getRawPath() + " HTTP/1.1\r\nHost: " + base.getHost() + "\r\n"
          + "Authorization: " + basic("alice", PASSWORD) + "\r\n" + header + "\r\nConnection: close\r\n\r\n";
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      var reader = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
      return reader.readLine();
    }
  }

  @Test
  @Order(35)
  void pagesApiAnswersAndErrorsAllCarryTheSecurityHeaders() throws Exception {
    var loginPage = send(HttpRequest.newBuilder(uri("/login.html")));
    assertThat(loginPage.status()).isEqualTo(200);
    assertThat(loginPage.body()).doesNotContain("<script>").doesNotContain("<style>");
    assertSecurityHeaders(loginPage);
    var dashboard = get("alice", "/");
    assertThat(dashboard.status()).isEqualTo(200);
    assertSecurityHeaders(dashboard);
    var list = get("alice", "/list.html");
    assertThat(list.body()).contains("<script src=\"list-page.js\">").doesNotContain("<script>").doesNotContain("<style>");
    assertSecurityHeaders(list);
    assertSecurityHeaders(get("alice", "/dashboard.js"));
    assertSecurityHeaders(get("alice", "/api/me"));
    assertSecurityHeaders(send(HttpRequest.newBuilder(uri("/"))));                 // the redirect to the login
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
  @Order(20)
  void redisAwayGives503WithRetryAfter() throws Exception {
    ItRedis.stop();
    try {
      var answer = get("alice", "/api/users/alice/jobs");
      assertError(answer, 503, "Redis");
      assertThat(answer.header("Retry-After")).isEqualTo("5");
    } finally {
      ItRedis.start();
    }
    assertThat(get("alice", "/api/users/alice/jobs").status()).isEqualTo(200);
  }
}
