package io.moi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.moi.browser.Chromium;
import io.moi.live.Live;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * What must behave the same on every server the unchanged moi.war is deployed on (Payara Micro,
 * GlassFish 8, WildFly 39), against a server that is already running: portability/run starts each
 * one, prepared by the scripts beside it, and passes its URL as {@code moi.smoke.url}, its
 * readiness URL as {@code moi.smoke.health} and its OpenAPI document's as {@code moi.smoke.openapi}
 * (none on GlassFish). The accounts are {@link ItAccounts}' alice and bob (moi-exec) and carol
 * (moi-user). Without {@code moi.smoke.url} the class is skipped.
 */
class PortabilitySmoke {

  private static final Duration LIVE = Duration.ofSeconds(20);

  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private static URI base;

  @BeforeAll
  static void server() {
    String url = System.getProperty("moi.smoke.url", "");
    assumeTrue(!url.isBlank(), "moi.smoke.url names no running server");
    base = URI.create(url.endsWith("/") ? url : url + "/");
  }

  private static String origin() {
    return ItAccounts.origin(base);
  }

  private static URL url() throws Exception {
    return base.toURL();
  }

  /** Waits for the end with the long poll, as the command line does. */
  private static JsonObject awaitEnd(String user, String id) throws Exception {
    String status = "Queued";
    for (int i = 0; i < 20; i++) {
      var response =
          ItHttp.as(user, base).get("api/info/" + id + "?after=" + enc(status) + "&wait=10");
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      var info = ItHttp.json(response.body());
      status = info.getString("status");
      if (status.equals("Success") || status.equals("Failed")) {
        return info;
      }
    }
    throw new AssertionError("job " + id + " did not end");
  }

  private static String submit(String user, String json) throws Exception {
    return Live.created(HTTP, url(), user, "api/jobs", json).getString("id");
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static void assertJsonError(HttpResponse<String> answer, int status) {
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
    assertThat(answer.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
    JsonObject body = ItHttp.json(answer.body());
    assertThat(body.getInt("status")).isEqualTo(status);
    assertThat(body.getString("error")).isNotBlank();
    assertThat(body.getString("detail")).isNotBlank();
    assertThat(answer.body()).doesNotContain("\tat ").doesNotContain("Exception");
  }

  @Test
  void healthIsUpWithItsRedisCheck() throws Exception {
    String health = System.getProperty("moi.smoke.health", base + "health/ready");
    var answer = fetch(health);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    assertThat(answer.body()).contains("\"redis\"").contains("UP");
  }

  @Test
  void theOpenApiDocumentDescribesTheJobsWhereTheServerServesOne() throws Exception {
    String openapi = System.getProperty("moi.smoke.openapi", "");
    assumeTrue(!openapi.isBlank(), "this server serves no OpenAPI document");
    var answer = fetch(openapi);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    assertThat(answer.body()).contains("/api/jobs").contains("/api/info/{id}");
  }

  @Test
  void theFormSignInGivesAnHttpOnlySameSiteSessionCookie() throws Exception {
    var login =
        HTTP.send(
            HttpRequest.newBuilder(base.resolve("login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Origin", origin())
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "username=alice&password=" + enc(ItAccounts.PASSWORD)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(login.statusCode()).isEqualTo(302);
    String cookie =
        login.headers().allValues("Set-Cookie").stream()
            .filter(c -> c.startsWith("JSESSIONID="))
            .findFirst()
            .orElseThrow();
    assertThat(cookie).containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Lax");
    var me =
        HTTP.send(
            HttpRequest.newBuilder(base.resolve("api/me"))
                .header("Cookie", cookie.split(";")[0])
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
    assertThat(ItHttp.json(me.body()).getString("username")).isEqualTo("alice");
  }

  @Test
  void pythonSystemAndJavaJobsSucceed() throws Exception {
    String python = submit("alice", "{\"cmd\": \"x = 5; return x + 10\"}");
    String system = submit("alice", "{\"cmd\": \"echo hello\", \"cmdType\": \"system\"}");
    String java =
        submit("alice", "{\"cmd\": \"var x = 5; return x + 10;\", \"cmdType\": \"java\"}");

    JsonObject pythonDone = awaitEnd("alice", python);
    assertThat(pythonDone.getString("status")).as(pythonDone.toString()).isEqualTo("Success");
    assertThat(pythonDone.getInt("result")).isEqualTo(15);
    JsonObject systemDone = awaitEnd("alice", system);
    assertThat(systemDone.getString("status")).as(systemDone.toString()).isEqualTo("Success");
    assertThat(systemDone.getJsonArray("result").getString(0)).isEqualTo("hello\n");
    JsonObject javaDone = awaitEnd("alice", java);
    assertThat(javaDone.getString("status")).as(javaDone.toString()).isEqualTo("Success");
    assertThat(javaDone.getInt("result")).isEqualTo(15);
  }

  @Test
  void theLongPollHoldsUntilTheStatusChangesOrItsTimeIsUp() throws Exception {
    String id = submit("alice", "{\"cmd\": \"true\", \"cmdType\": \"system\"}");
    assertThat(awaitEnd("alice", id).getString("status")).isEqualTo("Success");

    long start = System.nanoTime();
    var unchanged = ItHttp.as("alice", base).get("api/info/" + id + "?after=Success&wait=2");
    long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
    assertThat(unchanged.statusCode()).as(unchanged.body()).isEqualTo(200);
    assertThat(ItHttp.json(unchanged.body()).getString("status")).isEqualTo("Success");
    assertThat(millis).as("the poll waited for a change").isGreaterThanOrEqualTo(1_900);
  }

  @Test
  void theWebsocketPushesAJobsFramesAsItRuns() throws Exception {
    String cookie = ItAccounts.login(HTTP, base, "alice");
    String group = ItHttp.json(ItHttp.as("alice", base).get("api/me").body()).getString("group");
    try (Live live = Live.connect(HTTP, url(), cookie, origin())) {
      live.send("{\"get\": []}");
      assertThat(live.next("get", group).getString("type")).isEqualTo("group");
      String id = submit("alice", "{\"cmd\": \"sleep 0.3; echo live\", \"cmdType\": \"system\"}");
      assertThat(live.next("add", id).getString("status")).isIn("Queued", "Running");
      JsonObject done = live.next("update", id, i -> i.getString("status").equals("Success"));
      assertThat(done.getJsonArray("result").getString(0)).isEqualTo("live\n");
    }
  }

  @Test
  void theWebsocketRefusesNoSessionAndAnotherOrigin() throws Exception {
    assertThatThrownBy(() -> Live.connect(HTTP, url(), "JSESSIONID=nothing", origin()))
        .hasStackTraceContaining("302");
    String cookie = ItAccounts.login(HTTP, base, "alice");
    assertThatThrownBy(() -> Live.connect(HTTP, url(), cookie, "http://evil.example"))
        .hasStackTraceContaining("403");
  }

  @Test
  void anotherUsersJobIsNotFoundAndALookerMayNotSubmit() throws Exception {
    String id = submit("alice", "{\"cmd\": \"true\", \"cmdType\": \"system\"}");
    assertJsonError(ItHttp.as("bob", base).get("api/info/" + id), 404);
    assertJsonError(ItHttp.as("bob", base).get("api/users/alice/jobs"), 404);
    assertJsonError(ItHttp.as("bob", base).delete("api/info/" + id), 404);
    assertJsonError(
        ItHttp.as("carol", base)
            .post("api/jobs", ItHttp.json("{\"cmd\": \"true\", \"cmdType\": \"system\"}")),
        403);
  }

  @Test
  void wrongInputIsAnsweredWithA4xxJsonBody() throws Exception {
    var alice = ItHttp.as("alice", base);
    assertJsonError(send("POST", "api/jobs", "{\"cmd\": ", "application/json"), 400);
    assertJsonError(
        alice.post("api/jobs", ItHttp.json("{\"cmd\": \"x\", \"cmdType\": \"nope\"}")), 400);
    String group = ItHttp.json(alice.get("api/me").body()).getString("group");
    assertJsonError(alice.get("api/info/" + group + "?after=Queued&wait=abc"), 400);
    assertJsonError(send("POST", "api/jobs", "x".repeat(1_100_000), "application/json"), 413);
    assertJsonError(send("POST", "api/jobs", "cmd=true", "text/plain"), 415);
    assertJsonError(alice.get("api/no-such-resource"), 404);
  }

  /** A plain GET of an address outside moi's own (the server's health, its OpenAPI document). */
  private static HttpResponse<String> fetch(String address) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(address)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> send(String method, String path, String body, String type)
      throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(base.resolve(path))
            .header("Authorization", ItAccounts.basic("alice"))
            .header("Content-Type", type)
            .method(method, HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theDashboardInChromiumShowsAJobToTheEnd() throws Exception {
    try (Chromium chromium = Chromium.start()) {
      var browser = chromium.driver;
      var waiting = new WebDriverWait(browser, LIVE);
      browser.get(base + "login.html");
      browser.findElement(By.name("username")).sendKeys("alice");
      browser.findElement(By.name("password")).sendKeys(ItAccounts.PASSWORD);
      browser.findElement(By.cssSelector("button[type=submit]")).click();
      waiting.until(d -> "alice".equals(d.findElement(By.id("user")).getText()));
      waiting.until(d -> d.findElement(By.id("conn")).getAttribute("class").contains("conn-live"));

      String id =
          submit(
              "alice",
              "{\"cmd\": \"echo shown\", \"cmdType\": \"system\", \"name\": \"smoke-dashboard\"}");
      String row = "#tree li[data-id='" + id + "'] > .row > .";
      waiting.until(d -> "smoke-dashboard".equals(text(d, row + "name")));
      waiting
          .withMessage(
              () -> "job " + id + " to show Success; it shows " + text(browser, row + "status"))
          .until(d -> "Success".equals(text(d, row + "status")));
    }
  }

  private static String text(org.openqa.selenium.WebDriver driver, String css) {
    List<org.openqa.selenium.WebElement> found = driver.findElements(By.cssSelector(css));
    return found.isEmpty() ? null : found.get(0).getText();
  }
}
