package io.moi.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.moi.ItAccounts;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import redis.clients.jedis.params.SetParams;

/**
 * The dashboard and the list widget in headless Chromium, against the built WAR on Payara Micro:
 * sign in through the form, submit through the form, and watch jobs change live over the websocket,
 * without a reload.
 */
@ExtendWith(ArquillianExtension.class)
class DashboardIT {

  static final Duration LIVE = Duration.ofSeconds(30);
  static final String MARKUP = "<img src=x onerror=alert(1)>";

  @Deployment(testable = false)
  static WebArchive deployment() {
    return ItAccounts.builtWar();
  }

  @ArquillianResource URL base;

  static Chromium chromium;
  static ChromeDriver browser;

  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    ItAccounts.write();
    chromium = Chromium.start();
    browser = chromium.driver;
  }

  @AfterAll
  static void stop() throws Exception {
    if (chromium != null) {
      chromium.close();
    }
  }

  // ---- the browser ----

  private String page(String path) {
    return base.toString() + path;
  }

  private WebDriverWait waiting() {
    return new WebDriverWait(browser, LIVE);
  }

  private Object js(String script, Object... args) {
    return browser.executeScript(script, args);
  }

  private void signIn(String user) {
    chromium.signIn(base, user, LIVE);
  }

  private void awaitLive() {
    waiting().until(d -> d.findElement(By.id("conn")).getAttribute("class").contains("conn-live"));
  }

  private void fillForm(String type, String name, String cmd) {
    new Select(browser.findElement(By.id("cmd-type"))).selectByValue(type);
    browser.findElement(By.id("job-name")).clear();
    browser.findElement(By.id("job-name")).sendKeys(name);
    var textarea = browser.findElement(By.id("cmd"));
    textarea.clear();
    textarea.sendKeys(cmd);
  }

  /** Submits through the form and answers the new row's job ID. */
  private String submitThroughForm(String type, String name, String cmd) {
    fillForm(type, name, cmd);
    browser.findElement(By.id("submit-button")).click();
    waiting()
        .until(d -> d.findElement(By.id("form-message")).getText().startsWith("Submitted " + name));
    WebElement row = waiting().until(d -> rowNamed(name));
    return row.getAttribute("data-id");
  }

  private WebElement rowNamed(String name) {
    return (WebElement)
        js(
            "var rows = document.querySelectorAll('#tree li.node');"
                + " for (var i = 0; i < rows.length; i++) {"
                + "   if (rows[i].querySelector('.name').textContent === arguments[0]) { return rows[i]; }"
                + " }"
                + " return null;",
            name);
  }

  private List<WebElement> rows(String id) {
    return browser.findElements(By.cssSelector("#tree li[data-id='" + id + "']"));
  }

  private WebElement row(String id) {
    return waiting().until(d -> rows(id).isEmpty() ? null : rows(id).get(0));
  }

  private static String text(WebElement row, String part) {
    return row.findElement(By.cssSelector(":scope > .row > ." + part)).getText();
  }

  private String awaitStatus(String id, String status) {
    var wait = waiting();
    wait.withMessage(() -> "job " + id + " to show " + status + "; it shows " + shownStatus(id));
    wait.until(d -> status.equals(text(row(id), "status")));
    return status;
  }

  private String shownStatus(String id) {
    List<WebElement> found = rows(id);
    return found.isEmpty() ? "no row" : text(found.get(0), "status");
  }

  private static String unique(String name) {
    return name + " " + UUID.randomUUID().toString().substring(0, 8);
  }

  private void assertNoAlert() {
    assertThatThrownBy(() -> browser.switchTo().alert())
        .isInstanceOf(NoAlertPresentException.class);
  }

  // ---- the server, as other clients see it ----

  private HttpResponse<String> call(String method, String path, String body) throws Exception {
    return call("alice", method, path, body);
  }

  private HttpResponse<String> call(String user, String method, String path, String body)
      throws Exception {
    String credentials =
        Base64.getEncoder()
            .encodeToString((user + ":" + ItAccounts.PASSWORD).getBytes(StandardCharsets.UTF_8));
    var request =
        HttpRequest.newBuilder(URI.create(page(path)))
            .header("Authorization", "Basic " + credentials)
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    return http.send(
        request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private JsonObject submitElsewhere(String json) throws Exception {
    return submitElsewhere("alice", json);
  }

  private JsonObject submitElsewhere(String user, String json) throws Exception {
    var response = call(user, "POST", "api/jobs", json);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return Json.createReader(new StringReader(response.body())).readObject();
  }

  private boolean aliceHasNode(String id) throws Exception {
    return call("GET", "api/users/alice/jobs", null).body().contains("\"" + id + "\"");
  }

  private String createGroup(String user, String name) throws Exception {
    var response = call(user, "POST", "api/groups", "{\"name\": \"" + name + "\"}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return Json.createReader(new StringReader(response.body())).readObject().getString("id");
  }

  /** A test on the dashboard of alice's, given the root the page asked for. */
  private interface StandInTest {
    void run(String root) throws Exception;
  }

  /**
   * Signs in as alice with a stand-in socket ({@link ClientScriptsIT#FAKE_SOCKET}) in place of the
   * websocket, so that the test can drop the connection and say what the server sends, and runs the
   * test once the page has asked for its tree.
   */
  private void withStandInSocket(StandInTest test) throws Exception {
    var script =
        browser.executeCdpCommand(
            "Page.addScriptToEvaluateOnNewDocument", Map.of("source", ClientScriptsIT.FAKE_SOCKET));
    try {
      signIn("alice");
      test.run(
          waiting()
              .until(
                  d ->
                      (String)
                          js(
                              "return sockets.length && last().sent.length"
                                  + " ? last().sent[0].get[0] : null;")));
    } finally {
      browser.executeCdpCommand(
          "Page.removeScriptToEvaluateOnNewDocument",
          Map.of("identifier", script.get("identifier")));
    }
  }

  // ---- the tests ----

  @Test
  void signingInShowsTheUserTheFormAndALiveConnection() {
    signIn("alice");
    assertThat(browser.getCurrentUrl()).startsWith(base.toString());
    assertThat(browser.findElement(By.id("submit")).isDisplayed()).isTrue();
    assertThat(
            js(
                "var form = document.getElementById('logout').form; return form.method + ' ' + form.action;"))
        .isEqualTo("post " + page("logout"));
    awaitLive();
    assertThat(browser.findElement(By.id("conn-text")).getText()).isEqualTo("live");
  }

  @Test
  void aJobSubmittedThroughTheFormTurnsSuccessWithItsResultWithoutAReload() {
    signIn("alice");
    js("window.moiMarker = 'not reloaded';");
    String name = unique("answer");
    String id = submitThroughForm("python", name, "return 6 * 7");

    awaitStatus(id, "Success");
    WebElement result = row(id).findElement(By.cssSelector(":scope > .result"));
    waiting().until(d -> result.isDisplayed() && result.getText().contains("42"));
    assertThat(text(row(id), "elapsed")).matches("\\d+(\\.\\d)? s");
    assertThat(js("return window.moiMarker;")).isEqualTo("not reloaded");
    assertNoAlert();
  }

  @Test
  void markupInANameIsShownAsText() {
    signIn("alice");
    String name = MARKUP + " " + UUID.randomUUID().toString().substring(0, 8);
    String id = submitThroughForm("system", name, "echo done");

    assertThat(text(row(id), "name")).isEqualTo(name);
    assertThat(browser.findElements(By.cssSelector("img"))).isEmpty();
    awaitStatus(id, "Success");
    assertThat(browser.findElements(By.cssSelector("img"))).isEmpty();
    assertNoAlert();
  }

  @Test
  void removeTakesTheRowAwayAndDetachesTheJob() throws Exception {
    signIn("alice");
    awaitLive();
    String id = submitThroughForm("python", unique("to remove"), "return 1");
    awaitStatus(id, "Success");
    assertThat(aliceHasNode(id)).isTrue();

    row(id).findElement(By.cssSelector("button.remove")).click();
    waiting().until(d -> rows(id).isEmpty());
    waiting()
        .until(
            d -> {
              try {
                return !aliceHasNode(id);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });

    // A fresh page asks for the tree again: the job is not in it.
    String kept = submitThroughForm("python", unique("kept"), "return 2");
    browser.navigate().refresh();
    row(kept);
    assertThat(rows(id)).isEmpty();
  }

  @Test
  void jobsSubmittedElsewhereAppearAndChangeLive() throws Exception {
    signIn("alice");
    awaitLive();
    js("window.moiMarker = 'not reloaded';");
    String name = unique("from elsewhere");
    String id =
        submitElsewhere("{\"cmd\": \"return 'hello'\", \"name\": \"" + name + "\"}")
            .getString("id");

    assertThat(text(row(id), "name")).isEqualTo(name);
    awaitStatus(id, "Success");
    waiting()
        .until(
            d ->
                row(id)
                    .findElement(By.cssSelector(":scope > .result"))
                    .getText()
                    .contains("hello"));
    assertThat(js("return window.moiMarker;")).isEqualTo("not reloaded");
  }

  @Test
  void aFailedJobShowsItsErrorAndTheWholeTracebackOnDemand() {
    signIn("alice");
    String id = submitThroughForm("python", unique("crash"), "return float('crash and burn')");
    awaitStatus(id, "Failed");

    WebElement result = row(id).findElement(By.cssSelector(":scope > .result"));
    WebElement summary = result.findElement(By.tagName("summary"));
    waiting().until(d -> summary.getText().contains("could not convert string to float"));
    WebElement full = result.findElement(By.tagName("pre"));
    assertThat(full.isDisplayed()).isFalse();
    summary.click();
    assertThat(full.isDisplayed()).isTrue();
    // the stored list of lines is shown as the traceback it joins into
    assertThat(full.getText())
        .startsWith("Traceback (most recent call last):")
        .endsWith("ValueError: could not convert string to float: 'crash and burn'");
    assertThat(full.getCssValue("font-family")).containsIgnoringCase("mono");
  }

  /** Writes a Failed job of alice's with that result, as another server would; its ID. */
  private String failedElsewhere(String name, jakarta.json.JsonValue result) throws Exception {
    String root =
        Json.createReader(new StringReader(call("GET", "api/me", null).body()))
            .readObject()
            .getString("group");
    String id = name + "-failure-" + UUID.randomUUID();
    var now = io.moi.tree.entity.Dates.now();
    io.moi.ItRedis.writeElsewhere(
        io.moi.tree.entity.Info.newJob(id, name, root, "default", null, now)
            .started(now)
            .ended("Failed", result, now),
        "add");
    return id;
  }

  @Test
  void aFailedCommandThatPrintedNothingShowsWhatFailedNotAnEmptyLabel() throws Exception {
    signIn("alice");
    awaitLive();
    // A system command's failure as the protocol has it (section 3): its output last.
    String id =
        failedElsewhere(
            "silent",
            Json.createArrayBuilder()
                .add("exit code 3\n")
                .add("Failed to execute: exit 3\nstdout: \nstderr: \n")
                .build());
    awaitStatus(id, "Failed");
    WebElement summary =
        row(id).findElement(By.cssSelector(":scope > .result")).findElement(By.tagName("summary"));
    waiting().until(d -> summary.getText().equals("Failed to execute: exit 3"));
  }

  @Test
  void aFailureStoredAsOneStringByAnEarlierVersionShowsItsErrorLineToo() throws Exception {
    signIn("alice");
    awaitLive();
    String id =
        failedElsewhere(
            "older",
            Json.createValue(
                "Traceback (most recent call last):\n  File \"<job>\"\nOldError: kept as one string\n"));
    awaitStatus(id, "Failed");
    WebElement result = row(id).findElement(By.cssSelector(":scope > .result"));
    WebElement summary = result.findElement(By.tagName("summary"));
    waiting().until(d -> summary.getText().equals("OldError: kept as one string"));
    summary.click();
    assertThat(result.findElement(By.tagName("pre")).getText())
        .startsWith("Traceback (most recent call last):");
  }

  @Test
  void aRunningJobsElapsedTimeTicks() {
    signIn("alice");
    // Long enough that a poll of the page cannot miss it running; within the IT server's 15 s.
    String id = submitThroughForm("system", unique("sleeper"), "sleep 10; echo awake");
    awaitStatus(id, "Running");
    String first =
        waiting()
            .until(
                d -> {
                  String elapsed = text(row(id), "elapsed");
                  return elapsed.isEmpty() ? null : elapsed;
                });
    waiting().until(d -> !text(row(id), "elapsed").equals(first));
    awaitStatus(id, "Success");
  }

  @Test
  void nestedGroupsShowTheirJobsAndCollapse() throws Exception {
    String group = createGroup("alice", unique("nightly import"));
    String job =
        submitElsewhere(
                "{\"cmd\": \"return 'nested'\", \"name\": \"orders\", \"parent\": \""
                    + group
                    + "\"}")
            .getString("id");
    signIn("alice");

    WebElement groupRow = row(group);
    waiting()
        .until(
            d ->
                !groupRow
                    .findElements(By.cssSelector(".children li[data-id='" + job + "']"))
                    .isEmpty());
    awaitStatus(job, "Success");
    assertThat(text(groupRow, "count")).isEqualTo("1 job · 1 succeeded");

    // Collapsed, the group's rows leave the page; expanded, they are back.
    groupRow.findElement(By.cssSelector(":scope > .row > .toggle")).click();
    assertThat(rows(job)).isEmpty();
    assertThat(groupRow.isDisplayed()).isTrue();
    groupRow.findElement(By.cssSelector(":scope > .row > .toggle")).click();
    assertThat(row(job).isDisplayed()).isTrue();
    assertThat(groupRow.findElements(By.cssSelector(".children li[data-id='" + job + "']")))
        .hasSize(1);
  }

  @Test
  void theFormShowsTheServersDetailWhenASubmissionIsRefused() {
    signIn("alice");
    fillForm("python", "x", "return 1");
    js("document.getElementById('job-name').value = 'n'.repeat(1100);");
    browser.findElement(By.id("submit-button")).click();
    WebElement message = browser.findElement(By.id("form-message"));
    waiting()
        .until(
            d ->
                message.isDisplayed() && message.getText().contains("longer than 1024 characters"));
  }

  // ---- job control: Cancel and Re-run ----

  private static WebElement button(WebElement row, String kind) {
    return row.findElement(By.cssSelector(":scope > .row button." + kind));
  }

  @SuppressWarnings("unchecked")
  private List<String> idsNamed(String name) {
    return (List<String>)
        js(
            "var ids = [], rows = document.querySelectorAll('#tree li.node');"
                + " for (var i = 0; i < rows.length; i++) {"
                + "   if (rows[i].querySelector('.name').textContent === arguments[0]) { ids.push(rows[i].getAttribute('data-id')); }"
                + " }"
                + " return ids;",
            name);
  }

  private String sleeper(String name, String parent) throws Exception {
    return submitElsewhere(
            "{\"cmd\": \"sleep 30\", \"cmdType\": \"system\", \"name\": \""
                + name
                + "\""
                + (parent == null ? "" : ", \"parent\": \"" + parent + "\"")
                + "}")
        .getString("id");
  }

  @Test
  void cancelStopsARunningJobLiveAndReRunStartsItAgainAsANewRow() throws Exception {
    signIn("alice");
    awaitLive();
    js("window.moiMarker = 'not reloaded';");
    String name = unique("long sleep");
    String id = sleeper(name, null);
    awaitStatus(id, "Running");
    assertThat(button(row(id), "cancel").isDisplayed()).isTrue();
    assertThat(button(row(id), "rerun").isDisplayed()).isFalse();

    button(row(id), "cancel").click();
    awaitStatus(id, "Failed");
    WebElement result = row(id).findElement(By.cssSelector(":scope > .result > summary"));
    waiting().until(d -> result.getText().startsWith("Cancelled by alice at "));
    assertThat(result.getText())
        .matches("Cancelled by alice at \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC");
    waiting().until(d -> !button(row(id), "cancel").isDisplayed());
    assertThat(button(row(id), "rerun").isDisplayed()).isTrue();

    button(row(id), "rerun").click();
    waiting().until(d -> idsNamed(name).size() == 2);
    String again =
        idsNamed(name).stream().filter(other -> !other.equals(id)).findFirst().orElseThrow();
    assertThat(text(row(again), "status")).isIn("Queued", "Running");
    assertThat(button(row(again), "cancel").isDisplayed()).isTrue();
    assertThat(button(row(again), "rerun").isDisplayed()).isFalse();
    assertThat(text(row(id), "status")).isEqualTo("Failed");
    assertThat(js("return window.moiMarker;")).isEqualTo("not reloaded");
    assertNoAlert();

    // The new job is a job like any other: it stops too.
    awaitStatus(again, "Running");
    button(row(again), "cancel").click();
    awaitStatus(again, "Failed");
    assertThat(row(again).findElement(By.cssSelector(":scope > .result > summary")).getText())
        .startsWith("Cancelled by alice at ");
  }

  @Test
  void aJobWaitingForItsNextAttemptShowsQueuedWithWhichAttemptComesWhen() throws Exception {
    signIn("alice");
    awaitLive();
    String id =
        submitElsewhere(
                "{\"cmd\": \"echo nope >&2; exit 5\", \"cmdType\": \"system\", "
                    + "\"name\": \""
                    + unique("flaky")
                    + "\", \"maxAttempts\": 2, \"backoff\": \"60s\"}")
            .getString("id");

    WebElement summary = row(id).findElement(By.cssSelector(":scope > .result > summary"));
    waiting().until(d -> summary.getText().startsWith("attempt 2 of 2 at "));
    assertThat(text(row(id), "status")).isEqualTo("Queued");
    assertThat(summary.getText()).contains("; attempt 1 failed: ");
    assertThat(row(id).findElement(By.cssSelector(":scope > .row > .status")).getAttribute("title"))
        .startsWith("Queued: attempt 2 of 2 at ");
    assertThat(button(row(id), "cancel").isDisplayed()).isTrue();

    button(row(id), "cancel").click();
    awaitStatus(id, "Failed");
    waiting()
        .until(
            d ->
                row(id)
                    .findElement(By.cssSelector(":scope > .result > summary"))
                    .getText()
                    .startsWith("Cancelled by alice at "));
  }

  @Test
  void aGroupsCancelAsksFirstThenStopsEveryJobUnderItAndGoesAway() throws Exception {
    String group = createGroup("alice", unique("batch"));
    String inner = createGroupUnder(group);
    String first = sleeper("first", group);
    String second = sleeper("second", inner);
    signIn("alice");
    awaitLive();
    awaitStatus(first, "Running");
    awaitStatus(second, "Running");
    WebElement cancel = button(row(group), "cancel");
    assertThat(cancel.isDisplayed()).isTrue();

    // Asked first: saying no sends nothing.
    cancel.click();
    assertThat(browser.switchTo().alert().getText())
        .contains("Cancel every job in")
        .contains("batch");
    browser.switchTo().alert().dismiss();
    assertThat(text(row(first), "status")).isEqualTo("Running");

    cancel.click();
    browser.switchTo().alert().accept();
    awaitStatus(first, "Failed");
    awaitStatus(second, "Failed");
    for (String id : List.of(first, second)) {
      waiting()
          .until(
              d ->
                  row(id)
                      .findElement(By.cssSelector(":scope > .result > summary"))
                      .getText()
                      .startsWith("Cancelled by alice at "));
    }
    // Nothing is left to stop under either group.
    waiting().until(d -> !button(row(group), "cancel").isDisplayed());
    assertThat(button(row(inner), "cancel").isDisplayed()).isFalse();
    assertNoAlert();
  }

  private String createGroupUnder(String parent) throws Exception {
    var response =
        call(
            "alice", "POST", "api/groups", "{\"name\": \"inner\", \"parent\": \"" + parent + "\"}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return Json.createReader(new StringReader(response.body())).readObject().getString("id");
  }

  @Test
  void aRefusedCancelShowsTheServersDetail() throws Exception {
    signIn("alice");
    awaitLive();
    String id =
        submitElsewhere("{\"cmd\": \"return 1\", \"name\": \"" + unique("quick") + "\"}")
            .getString("id");
    awaitStatus(id, "Success");
    WebElement cancel = button(row(id), "cancel");
    assertThat(cancel.isDisplayed()).isFalse();
    // As when the job ends between the page showing the button and the click.
    js("arguments[0].click();", cancel);
    var alert =
        waiting()
            .until(
                d -> {
                  try {
                    return d.switchTo().alert();
                  } catch (NoAlertPresentException e) {
                    return null;
                  }
                });
    String said = alert.getText();
    alert.accept();
    assertThat(said).startsWith("Could not cancel: ").doesNotContain("answered 409");
    assertThat(said.length()).isGreaterThan("Could not cancel: ".length() + 5);
  }

  @Test
  void aUserWhoMayNotRunCodeSeesNoForm() {
    signIn("carol");
    assertThat(browser.findElement(By.id("submit")).isDisplayed()).isFalse();
    assertThat(browser.findElement(By.id("empty")).getText()).isEqualTo("No jobs yet.");
  }

  // ---- the Servers panel (admins only) ----

  /** Keeps the address of every request the page's scripts open in window.requested. */
  static final String REQUEST_RECORDER =
      """
      window.requested = [];
      (function (open) {
        XMLHttpRequest.prototype.open = function (method, url) {
          window.requested.push(String(url));
          return open.apply(this, arguments);
        };
      })(XMLHttpRequest.prototype.open);
      """;

  private <T> T withRecordedRequests(java.util.concurrent.Callable<T> test) throws Exception {
    var script =
        browser.executeCdpCommand(
            "Page.addScriptToEvaluateOnNewDocument", Map.of("source", REQUEST_RECORDER));
    try {
      return test.call();
    } finally {
      browser.executeCdpCommand(
          "Page.removeScriptToEvaluateOnNewDocument",
          Map.of("identifier", script.get("identifier")));
    }
  }

  @SuppressWarnings("unchecked")
  private List<String> requested() {
    return (List<String>) js("return window.requested;");
  }

  /**
   * This server's ID, as an admin reads it from GET /api/nodes (the IT server's ID is generated).
   */
  private String thisServersId() throws Exception {
    var response = call("root", "GET", "api/nodes", null);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    var nodes =
        Json.createReader(new StringReader(response.body())).readObject().getJsonArray("nodes");
    assertThat(nodes).as("live servers").hasSize(1);
    return nodes.getJsonObject(0).getString("id");
  }

  /**
   * A server's row as shown now, read in one go (the panel redraws every two seconds): each cell's
   * text by its context, or else by its last class (node-id, host, started, beat, running). Waits
   * for the row; null when it is not (or no longer) there and {@code wait} is false.
   */
  @SuppressWarnings("unchecked")
  private Map<String, String> serverRow(String id, boolean wait) {
    java.util.function.Function<org.openqa.selenium.WebDriver, Map<String, String>> read =
        d ->
            (Map<String, String>)
                js(
                    "var rows = document.querySelectorAll('#servers tr.server');"
                        + " for (var i = 0; i < rows.length; i++) {"
                        + "   if (rows[i].getAttribute('data-node') !== arguments[0]) { continue; }"
                        + "   var cells = {};"
                        + "   for (var c = rows[i].firstChild; c !== null; c = c.nextSibling) {"
                        + "     cells[c.getAttribute('data-context') || c.className.split(' ').pop()] = c.textContent;"
                        + "   }"
                        + "   return cells;"
                        + " }"
                        + " return null;",
                    id);
    return wait ? waiting().until(read) : read.apply(browser);
  }

  private Map<String, String> serverRow(String id) {
    return serverRow(id, true);
  }

  private String textOf(String css) {
    return (String)
        js(
            "var e = document.querySelector(arguments[0]); return e === null ? null : e.textContent;",
            css);
  }

  private String serversState() {
    return textOf("#servers-state");
  }

  @Test
  void anAdminSeesThisServerAndTheQueuesInTheServersPanelKeptLive() throws Exception {
    String id = thisServersId();
    signIn("root");
    awaitLive();
    assertThat(browser.findElement(By.id("servers")).isDisplayed()).isTrue();
    Map<String, String> row = serverRow(id);
    assertThat(row.get("node-id")).isEqualTo(id);
    assertThat(row.get("host")).isNotBlank();
    assertThat(row.get("started")).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d");
    assertThat(row.get("beat")).matches("\\d\\d:\\d\\d:\\d\\d");
    assertThat(row.get("running")).matches("\\d+");
    assertThat(row.get("default")).matches("\\d+/4");
    assertThat(row.get("tiny")).matches("[01]/1");
    assertThat(textOf("#servers tfoot td[data-context='default']")).matches("\\d+");
    assertThat(textOf("#servers tfoot td[data-context='tiny']")).matches("\\d+");
    assertThat(textOf("#servers-count")).isEqualTo("1 server");

    // Live: the heartbeat (renewed every 3 s) moves on without a reload.
    js("window.moiMarker = 'not reloaded';");
    waiting().until(d -> !row.get("beat").equals(serverRow(id).get("beat")));
    assertThat(js("return window.moiMarker;")).isEqualTo("not reloaded");

    // Another server joins with a context of its own, and markup where its host name goes; it
    // leaves.
    String other = "other-" + UUID.randomUUID().toString().substring(0, 8);
    try (var redis = io.moi.ItRedis.client()) {
      redis.set(
          io.moi.redis.RedisKeys.node(other),
          Json.createObjectBuilder()
              .add("id", other)
              .add("host", MARKUP)
              .add("started", "2026-12-01 08:00:00.000000")
              .add("beat", io.moi.tree.entity.Dates.now())
              .add("running", Json.createArrayBuilder().add("a").add("b"))
              .add(
                  "contexts",
                  Json.createObjectBuilder()
                      .add("gpu", Json.createObjectBuilder().add("slots", 2).add("busy", 2)))
              .build()
              .toString(),
          SetParams.setParams().px(60_000));
      redis.zadd(io.moi.redis.RedisKeys.NODES, System.currentTimeMillis(), other);
      Map<String, String> joined = serverRow(other);
      assertThat(joined.get("host")).isEqualTo(MARKUP);
      assertThat(joined.get("started")).isEqualTo("2026-12-01 08:00:00");
      assertThat(joined.get("running")).isEqualTo("2");
      assertThat(joined.get("gpu")).isEqualTo("2/2");
      assertThat(joined.get("default")).isEqualTo("–");
      assertThat(serverRow(id).get("gpu")).isEqualTo("–");
      assertThat(textOf("#servers-count")).isEqualTo("2 servers");
      assertThat(browser.findElements(By.cssSelector("img"))).isEmpty();
      assertNoAlert();
    } finally {
      try (var redis = io.moi.ItRedis.client()) {
        redis.del(io.moi.redis.RedisKeys.node(other));
        redis.zrem(io.moi.redis.RedisKeys.NODES, other);
      }
    }
    waiting().until(d -> serverRow(other, false) == null);
    assertThat(textOf("#servers-count")).isEqualTo("1 server");
  }

  @Test
  void whenTheServersCannotBeReadThePanelSaysSoAndTheRestOfTheDashboardWorksOn() throws Exception {
    String id = thisServersId();
    signIn("root");
    awaitLive();
    serverRow(id);
    waiting().until(d -> serversState().startsWith("updated"));
    browser.executeCdpCommand("Network.enable", Map.of());
    try {
      browser.executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of("*api/nodes*")));
      waiting().until(d -> serversState().startsWith("Cannot refresh"));
      assertThat(serversState())
          .isEqualTo(
              "Cannot refresh: The server cannot be reached. Showing the last known state; retrying.");
      assertThat(browser.findElement(By.id("servers-state")).getAttribute("class"))
          .contains("failed");
      assertThat(browser.findElement(By.id("servers")).getAttribute("class")).contains("stale");
      assertThat(serverRow(id, false)).as("the last known row").isNotNull();

      // The jobs go on as before.
      String job = submitThroughForm("python", unique("while blind"), "return 5");
      awaitStatus(job, "Success");
      assertThat(browser.findElement(By.id("conn-text")).getText()).isEqualTo("live");

      browser.executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of()));
      waiting().until(d -> serversState().startsWith("updated"));
      assertThat(browser.findElement(By.id("servers")).getAttribute("class"))
          .doesNotContain("stale");
    } finally {
      browser.executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of()));
      browser.executeCdpCommand("Network.disable", Map.of());
    }
  }

  @Test
  void aUserWhoIsNoAdminNeitherSeesNorAsksForTheServers() throws Exception {
    assertThat(call("alice", "GET", "api/nodes", null).statusCode()).isEqualTo(403);
    withRecordedRequests(
        () -> {
          for (String user : List.of("alice", "carol")) {
            signIn(user);
            awaitLive();
            assertThat(requested())
                .as(user + "'s requests")
                .anyMatch(url -> url.contains("api/me"))
                .noneMatch(url -> url.contains("api/nodes"));
            assertThat(browser.findElement(By.id("servers")).isDisplayed()).as(user).isFalse();
            assertThat(browser.findElements(By.cssSelector("#servers tr"))).as(user).isEmpty();
          }
          // The recorder sees an admin's requests: the admin's page does ask.
          signIn("root");
          waiting().until(d -> requested().stream().anyMatch(url -> url.contains("api/nodes")));
          return null;
        });
  }

  @Test
  void theListWidgetShowsTheRootsChildrenLiveAndAsText() throws Exception {
    signIn("alice");
    browser.get(page("list.html"));
    String name = MARKUP + " list";
    String id =
        submitElsewhere(
                "{\"cmd\": \"return 3\", \"name\": \""
                    + name.replace("\"", "\\\"")
                    + "\", \"url\": \"/results\"}")
            .getString("id");

    WebElement item =
        waiting()
            .until(
                d ->
                    d.findElements(By.cssSelector("#moi-list p[data-moi-id='" + id + "']")).stream()
                        .findFirst()
                        .orElse(null));
    assertThat(item.getText()).contains(name);
    WebElement link =
        waiting().until(d -> item.findElements(By.tagName("a")).stream().findFirst().orElse(null));
    assertThat(link.getText()).isEqualTo("Success");
    assertThat(link.getAttribute("href"))
        .isEqualTo(base.toURI().resolve("/results/" + id).toString());
    assertThat(browser.findElements(By.cssSelector("img"))).isEmpty();

    item.findElement(By.cssSelector("input[value=Remove]")).click();
    assertThat(browser.findElements(By.cssSelector("#moi-list p[data-moi-id='" + id + "']")))
        .isEmpty();
    waiting()
        .until(
            d -> {
              try {
                return !aliceHasNode(id);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
  }

  /** The README's picture (target/dashboard.png): bob's tree with jobs in every state. */
  @Test
  void screenshotOfADashboardWithJobsInEveryState() throws Exception {
    String group = createGroup("bob", "nightly import");
    submitElsewhere(
        "bob",
        "{\"cmd\": \"return {'rows': 1200, 'file': 'orders.csv'}\", \"name\": \"orders.csv\", "
            + "\"parent\": \""
            + group
            + "\", \"url\": \"/imports\"}");
    signIn("bob");
    submitThroughForm("system", "hello", "echo 'hello from moi'");
    String failed = submitThroughForm("python", "parse prices", "return float('crash and burn')");
    String sum = submitThroughForm("python", "sum", "x = 5; return x + 10");
    awaitStatus(sum, "Success");
    awaitStatus(failed, "Failed");
    // runs until the picture is taken (well within the IT server's 15 s time limit)
    Path done = Files.createTempFile("moi-screenshot-", ".done");
    Files.delete(done);
    String running =
        submitElsewhere(
                "bob",
                "{\"cmd\": \"until [ -e "
                    + done
                    + " ]; do sleep 0.1; done; echo imported\", "
                    + "\"cmdType\": \"system\", \"name\": \"customers.csv\", \"parent\": \""
                    + group
                    + "\"}")
            .getString("id");
    awaitStatus(running, "Running");
    row(failed).findElement(By.cssSelector(":scope > .result > summary")).click();
    fillForm("python", "", "x = 5; return x + 10");
    js("document.getElementById('form-message').hidden = true; document.activeElement.blur();");
    browser.manage().window().setSize(new Dimension(1280, 1000));
    Thread.sleep(3000); // not a poll: a few seconds on the running job's clock for the picture
    Path shot = Path.of(System.getProperty("it.basedir"), "target", "dashboard.png");
    Files.write(shot, browser.getScreenshotAs(OutputType.BYTES));
    // The picture shows what its caption says: a job in each state, read off the page as shot.
    assertThat(text(row(sum), "status")).isEqualTo("Success");
    assertThat(text(row(failed), "status")).isEqualTo("Failed");
    assertThat(text(row(running), "status")).isEqualTo("Running");
    var image = javax.imageio.ImageIO.read(shot.toFile());
    assertThat(image).as("a PNG").isNotNull();
    assertThat(image.getWidth()).isGreaterThan(1000);
    Files.createFile(done);
    awaitStatus(running, "Success"); // nothing left running behind
    Files.delete(done);
  }

  @Test
  void loggingOutLeadsBackToTheSignInForm() {
    signIn("alice");
    browser.findElement(By.id("logout")).click();
    waiting().until(d -> d.getCurrentUrl().contains("login.html"));
    browser.get(page(""));
    waiting().until(d -> d.getCurrentUrl().contains("login.html"));
  }

  @Test
  void theIndicatorFollowsTheConnectionAndAReconnectionAsksForTheTreeAgain() throws Exception {
    withStandInSocket(
        root -> {
          awaitLive();
          js(
              "last().receive({get: group(arguments[0], null)});"
                  + "last().receive({get: info('kept', arguments[0], {status: 'Running', date_start: '2024-01-01 10:00:00'})});"
                  + "last().receive({get: info('gone', arguments[0], {status: 'Success', result: 1,"
                  + " date_start: '2024-01-01 10:00:00', date_end: '2024-01-01 10:00:01.250000'})});",
              root);
          assertThat(text(row("gone"), "elapsed")).isEqualTo("1.3 s");
          assertThat(rows("kept")).hasSize(1);

          js("window.refuse = true; last().drop();");
          waiting()
              .until(d -> d.findElement(By.id("conn")).getAttribute("class").contains("conn-down"));
          assertThat(browser.findElement(By.id("conn-text")).getText()).isEqualTo("reconnecting");

          js("window.refuse = false;");
          awaitLive();
          assertThat(js("return last().sent;")).isEqualTo(List.of(Map.of("get", List.of(root))));
          // Only "kept" is still there: what the new answer leaves out was removed meanwhile.
          js(
              "last().receive({get: group(arguments[0], null)});"
                  + "last().receive({get: info('kept', arguments[0], {status: 'Running', date_start: '2024-01-01 10:00:00'})});",
              root);
          waiting().until(d -> rows("gone").isEmpty());
          assertThat(rows("kept")).hasSize(1);
        });
  }

  @Test
  void theTreeShowsBeforeTheSocketAnswersAndWhatItsGetLeavesOutGoesOnceItSettles()
      throws Exception {
    String kept = createGroup("alice", unique("kept"));
    String gone = createGroup("alice", unique("gone"));
    // A stand-in socket that answers nothing until told: the rows come from the REST answer.
    withStandInSocket(
        root -> {
          assertThat(js("return last().sent.length;")).isEqualTo(1L);
          assertThat(rows(kept)).hasSize(1);
          assertThat(rows(gone)).hasSize(1);

          // The get's answer is the authority: "gone" was removed between the two reads.
          String created =
              Json.createReader(new StringReader(call("GET", "api/info/" + kept, null).body()))
                  .readObject()
                  .getString("date_created");
          js(
              "last().receive({get: group(arguments[0], null)});"
                  + "last().receive({get: group(arguments[1], arguments[0],"
                  + " {name: 'renamed', date_created: arguments[2]})});",
              root,
              kept,
              created);
          waiting().until(d -> text(row(kept), "name").equals("renamed"));
          waiting().until(d -> rows(gone).isEmpty());
          assertThat(rows(kept)).hasSize(1);
        });
  }

  @Test
  void cancelAndReRunFollowEachRowsStatusAsFramesArrive() throws Exception {
    withStandInSocket(
        root -> {
          awaitLive();
          js(
              "last().receive({get: group(arguments[0], null)});"
                  + "last().receive({get: group('outer', arguments[0])});"
                  + "last().receive({get: group('inner', 'outer')});"
                  + "last().receive({get: group('idle', arguments[0])});"
                  + "last().receive({get: info('waiting', 'inner')});"
                  + "last().receive({get: info('done', 'idle', {status: 'Success', result: 1,"
                  + " date_start: '2024-01-01 10:00:00', date_end: '2024-01-01 10:00:01'})});",
              root);
          assertThat(button(row("waiting"), "cancel").isDisplayed()).isTrue();
          assertThat(button(row("waiting"), "rerun").isDisplayed()).isFalse();
          assertThat(button(row("done"), "cancel").isDisplayed()).isFalse();
          assertThat(button(row("done"), "rerun").isDisplayed()).isTrue();
          // A group offers Cancel while a job under it, at any depth, has not ended.
          waiting()
              .until(
                  d ->
                      button(row("outer"), "cancel").isDisplayed()
                          && button(row("inner"), "cancel").isDisplayed());
          assertThat(button(row("idle"), "cancel").isDisplayed()).isFalse();
          assertThat(row("idle").findElements(By.cssSelector(":scope > .row button.rerun")))
              .isEmpty();

          js(
              "last().receive({update: info('waiting', 'inner', {status: 'Running', date_start: '2024-01-01 10:00:00'})});"
                  + "last().receive({update: info('waiting', 'inner', {status: 'reading <b>orders</b>', date_start: '2024-01-01 10:00:00'})});");
          awaitStatus("waiting", "reading <b>orders</b>");
          assertThat(button(row("waiting"), "cancel").isDisplayed()).isTrue();
          assertThat(button(row("waiting"), "rerun").isDisplayed()).isFalse();

          js(
              "last().receive({update: info('waiting', 'inner', {status: 'Failed', result: ['Cancelled by alice at 2024-01-01 10:00:02 UTC\\n'],"
                  + " date_start: '2024-01-01 10:00:00', date_end: '2024-01-01 10:00:02'})});");
          awaitStatus("waiting", "Failed");
          assertThat(button(row("waiting"), "cancel").isDisplayed()).isFalse();
          assertThat(button(row("waiting"), "rerun").isDisplayed()).isTrue();
          waiting()
              .until(
                  d ->
                      !button(row("outer"), "cancel").isDisplayed()
                          && !button(row("inner"), "cancel").isDisplayed());

          // A new job under the group brings its Cancel back.
          js(
              "last().receive({add: info('later', 'inner', {date_created: '2024-01-01 10:00:03.000000'})});");
          waiting().until(d -> button(row("outer"), "cancel").isDisplayed());
          assertThat(browser.findElements(By.cssSelector("b"))).isEmpty();
        });
  }

  private String textOf(WebElement row, String part) {
    return row.findElement(By.cssSelector(":scope > .row > ." + part)).getAttribute("textContent");
  }

  @SuppressWarnings("unchecked")
  private List<String> pageRows() {
    return (List<String>)
        js(
            "return Array.prototype.map.call(document.querySelectorAll('#tree li.node'),"
                + " function (li) { return li.getAttribute('data-id'); });");
  }

  @Test
  void jobsArePagedNewestFirstAndFilteredAndSearchedInTheBrowser() throws Exception {
    withStandInSocket(
        root -> {
          awaitLive();
          // The even jobs of j00 to j119 in the group "nightly", the odd ones beside it; j00 is the
          // newest. Every seventh failed; every tenth other runs with a status of its own.
          js(
              "last().receive({get: group(arguments[0], null)});"
                  + "last().receive({get: group('nightly', arguments[0], {name: 'Nightly <b>import</b>'})});"
                  + "for (var i = 0; i < 120; i++) {"
                  + "  var id = 'j' + (i < 10 ? '0' : '') + i, second = 1000 - i;"
                  + "  var fields = {date_created: '2024-01-01 10:' + Math.floor(second / 60 + 10) + ':'"
                  + "    + ('0' + second % 60).slice(-2) + '.000000',"
                  + "    status: i % 7 === 0 ? 'Failed' : (i % 10 === 0 ? 'reading orders' : 'Success')};"
                  + "  last().receive({get: info(id, i % 2 === 0 ? 'nightly' : arguments[0], fields)});"
                  + "}",
              root);
          waiting().until(d -> "120 jobs".equals(d.findElement(By.id("shown")).getText()));
          assertThat(text(row("nightly"), "count"))
              .isEqualTo("60 jobs · 10 running · 9 failed · 41 succeeded");
          new Select(browser.findElement(By.id("page-size"))).selectByValue("50");

          // The group of the newest job first, then its jobs, newest first.
          assertThat(pageRows()).hasSize(50).startsWith("nightly", "j00", "j02", "j04");
          assertThat(browser.findElement(By.id("page-text")).getText())
              .isEqualTo("Page 1 of 3 · rows 1–50 of 121");
          assertThat(browser.findElement(By.id("page-prev")).isEnabled()).isFalse();
          browser.findElement(By.id("page-next")).click();
          // Still inside the group: its row comes first again, as a heading.
          assertThat(pageRows()).hasSize(51).startsWith("nightly", "j98", "j100", "j102");
          assertThat(row("nightly").getAttribute("class")).contains("continued");
          browser.findElement(By.id("page-last")).click();
          assertThat(browser.findElement(By.id("page-next")).isEnabled()).isFalse();
          assertThat(pageRows()).hasSize(21).endsWith("j119");

          // Running: Running and any status a job set itself.
          browser.findElement(By.cssSelector("#filters button[data-status='running']")).click();
          assertThat(browser.findElement(By.id("shown")).getText()).isEqualTo("10 of 120 jobs");
          assertThat(browser.findElement(By.id("pager")).isDisplayed()).isFalse();
          assertThat(browser.findElements(By.cssSelector("#tree li.job .status")))
              .hasSize(10)
              .allMatch(status -> status.getText().equals("reading orders"));

          // The group's name, in other capitals and with its markup as text: all of its jobs.
          browser.findElement(By.cssSelector("#filters button[data-status='all']")).click();
          browser.findElement(By.id("search")).sendKeys("NIGHTLY <B>");
          assertThat(browser.findElement(By.id("shown")).getText()).isEqualTo("60 of 120 jobs");
          assertThat(pageRows()).startsWith("nightly", "j00");
          assertThat(textOf(row("nightly"), "name")).isEqualTo("Nightly <b>import</b>");
          assertThat(browser.findElements(By.cssSelector("b"))).isEmpty();

          // Collapsed, the group hides its rows, not its count.
          button(row("nightly"), "toggle").click();
          assertThat(pageRows()).containsExactly("nightly");
          assertThat(browser.findElement(By.id("shown")).getText()).isEqualTo("60 of 120 jobs");
          button(row("nightly"), "toggle").click();

          // Nothing matches: the page says so.
          browser.findElement(By.id("search")).sendKeys(" nothing like it");
          assertThat(browser.findElement(By.id("shown")).getText()).isEqualTo("0 of 120 jobs");
          assertThat(browser.findElement(By.id("no-match")).isDisplayed()).isTrue();
        });
  }

  /** Records every Content-Security-Policy violation of the pages loaded while it is installed. */
  static final String CSP_RECORDER =
      """
      window.cspViolations = [];
      document.addEventListener('securitypolicyviolation', function (e) {
        window.cspViolations.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline'));
      });
      """;

  @SuppressWarnings("unchecked")
  private List<String> cspViolations() {
    return (List<String>) js("return window.cspViolations;");
  }

  // ---- signing in and out, and other sites ----

  /** Submits the sign-in form and waits for whatever page answers it. */
  private void submitSignIn(String user, String password) {
    js("window.moiMarker = 'before';");
    browser.findElement(By.name("username")).clear();
    browser.findElement(By.name("username")).sendKeys(user);
    browser.findElement(By.name("password")).sendKeys(password);
    browser.findElement(By.cssSelector("button[type=submit]")).click();
    waiting()
        .until(
            d ->
                js("return window.moiMarker;") == null
                    && "complete".equals(js("return document.readyState;")));
  }

  private List<String> aliceJobIds() throws Exception {
    var response = call("GET", "api/users/alice/jobs?summary=true", null);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return Json.createReader(new StringReader(response.body()))
        .readArray()
        .getValuesAs(JsonObject.class)
        .stream()
        .map(o -> o.getString("id"))
        .toList();
  }

  @Test
  void theSignInFormTheDashboardAndTheListRaiseNoContentSecurityPolicyViolation() throws Exception {
    var script =
        browser.executeCdpCommand(
            "Page.addScriptToEvaluateOnNewDocument", Map.of("source", CSP_RECORDER));
    try {
      browser.get(page("login.html"));
      browser.manage().deleteAllCookies();
      browser.get(page("login.html?failed"));
      waiting().until(d -> d.findElement(By.id("failed")).isDisplayed());
      assertThat(cspViolations()).as("login.html").isEmpty();

      signIn("alice");
      awaitLive();
      String name = unique("under the policy");
      String id = submitThroughForm("python", name, "return 'kept to itself'");
      awaitStatus(id, "Success");
      assertThat(cspViolations()).as("the dashboard").isEmpty();

      browser.get(page("list.html"));
      waiting()
          .until(
              d ->
                  !d.findElements(By.cssSelector("#moi-list p[data-moi-id='" + id + "']"))
                      .isEmpty());
      assertThat(
              browser
                  .findElement(By.cssSelector("#moi-list p[data-moi-id='" + id + "']"))
                  .getText())
          .contains(name);
      assertThat(cspViolations()).as("list.html").isEmpty();

      // The policy is in force: an inline script added to the page does not run, and is reported.
      js(
          "var inline = document.createElement('script'); inline.textContent = 'window.inlineRan = true;';"
              + " document.body.appendChild(inline);");
      waiting().until(d -> !cspViolations().isEmpty());
      assertThat(js("return window.inlineRan === true;")).isEqualTo(false);
      assertThat(cspViolations()).anyMatch(v -> v.startsWith("script-src"));
    } finally {
      browser.executeCdpCommand(
          "Page.removeScriptToEvaluateOnNewDocument",
          Map.of("identifier", script.get("identifier")));
    }
  }

  @Test
  void fromTheRootAWrongPasswordThenSigningInAndOutAllStayOnTheAddressTheBrowserUsed() {
    browser.get(page("login.html"));
    browser.manage().deleteAllCookies();
    List<String> addresses = new ArrayList<>();

    browser.get(page(""));
    waiting().until(d -> d.getCurrentUrl().equals(page("login.html")));
    addresses.add(browser.getCurrentUrl());

    submitSignIn("alice", "not her password");
    assertThat(browser.getCurrentUrl()).isEqualTo(page("login.html?failed"));
    assertThat(browser.findElement(By.id("failed")).isDisplayed()).isTrue();
    assertThat(browser.findElement(By.id("failed")).getText())
        .isEqualTo("Wrong username or password.");
    assertThat(browser.findElement(By.id("wait")).isDisplayed()).isFalse();
    addresses.add(browser.getCurrentUrl());

    submitSignIn("alice", ItAccounts.PASSWORD);
    waiting().until(d -> "alice".equals(d.findElement(By.id("user")).getText()));
    assertThat(browser.getCurrentUrl()).isEqualTo(page(""));
    addresses.add(browser.getCurrentUrl());

    browser.findElement(By.id("logout")).click();
    waiting().until(d -> d.getCurrentUrl().equals(page("login.html")));
    addresses.add(browser.getCurrentUrl());
    browser.get(page(""));
    waiting().until(d -> d.getCurrentUrl().equals(page("login.html")));
    addresses.add(browser.getCurrentUrl());

    assertThat(addresses)
        .extracting(url -> URI.create(url).getAuthority())
        .containsOnly(base.getHost() + ":" + base.getPort());
  }

  @Test
  void afterTooManyWrongPasswordsTheSignInFormSaysHowLongToWait() {
    browser.get(page("login.html"));
    browser.manage().deleteAllCookies();
    String name = unique("mallory").replace(' ', '-');
    for (int attempt = 0; attempt < 10 && !browser.getCurrentUrl().contains("wait="); attempt++) {
      submitSignIn(name, "guess " + attempt);
      assertThat(browser.findElement(By.id("failed")).isDisplayed()).isTrue();
    }
    WebElement wait = browser.findElement(By.id("wait"));
    assertThat(wait.isDisplayed())
        .as("no wait after 10 wrong passwords: " + browser.getCurrentUrl())
        .isTrue();
    assertThat(wait.getText()).matches("Too many attempts: try again in [1-9]\\d* s\\.");
  }

  @Test
  void aPageOnAnotherPortOfTheSameHostCannotSubmitAJobWithTheSession() throws Exception {
    // Another port of the same host is the same site: SameSite=Lax sends the session cookie.
    String moi = "http://127.0.0.1:" + base.getPort() + base.getPath();
    browser.get(moi + "login.html");
    browser.manage().deleteAllCookies();
    submitSignIn("alice", ItAccounts.PASSWORD);
    waiting().until(d -> "alice".equals(d.findElement(By.id("user")).getText()));
    List<String> before = aliceJobIds();

    // A Blob without a type sends no Content-Type, so the browser asks nothing before posting.
    byte[] attack =
        ("<!DOCTYPE html><title>waiting</title><script>"
                + "fetch('"
                + moi
                + "api/jobs', {method: 'POST', mode: 'no-cors', credentials: 'include',"
                + " body: new Blob([JSON.stringify({cmd: 'echo forged', cmdType: 'system', name: 'forged'})])})"
                + ".then(function () { document.title = 'sent'; }, function (e) { document.title = 'not sent: ' + e; });"
                + "</script>")
            .getBytes(StandardCharsets.UTF_8);
    HttpServer other =
        HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
    other.createContext(
        "/",
        exchange -> {
          exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
          exchange.sendResponseHeaders(200, attack.length);
          try (var body = exchange.getResponseBody()) {
            body.write(attack);
          }
        });
    other.start();
    try {
      browser.get("http://127.0.0.1:" + other.getAddress().getPort() + "/");
      waiting().until(d -> "sent".equals(d.getTitle()));
    } finally {
      other.stop(0);
    }
    assertThat(aliceJobIds()).as("a job was created by another site's page").isEqualTo(before);

    browser.get(moi);
    waiting().until(d -> "alice".equals(d.findElement(By.id("user")).getText()));
  }

  // ---- signed out and reconnected: what the page shows when its session or its connection ends
  // ----

  /** Keeps the page's real websockets in window.realSockets, so a test can use the connection. */
  static final String RECORDED_SOCKETS =
      """
      (function () {
        var Real = window.WebSocket;
        window.realSockets = [];
        function Recorded(url, protocols) {
          var socket = protocols === undefined ? new Real(url) : new Real(url, protocols);
          window.realSockets.push(socket);
          return socket;
        }
        Recorded.prototype = Real.prototype;
        Recorded.CONNECTING = 0; Recorded.OPEN = 1; Recorded.CLOSING = 2; Recorded.CLOSED = 3;
        window.WebSocket = Recorded;
      })();
      """;

  private <T> T withRecordedSockets(java.util.concurrent.Callable<T> test) throws Exception {
    var script =
        browser.executeCdpCommand(
            "Page.addScriptToEvaluateOnNewDocument", Map.of("source", RECORDED_SOCKETS));
    try {
      return test.call();
    } finally {
      browser.executeCdpCommand(
          "Page.removeScriptToEvaluateOnNewDocument",
          Map.of("identifier", script.get("identifier")));
    }
  }

  /**
   * The server closes the page's connection (protocol: {"close": null}); returns how many there
   * were.
   */
  private long serverClosesTheConnection() {
    return (Long)
        js(
            "var s = realSockets[realSockets.length - 1];"
                + " s.send(JSON.stringify({close: null})); return realSockets.length;");
  }

  private void awaitSignedOutState() {
    waiting().until(d -> d.findElement(By.id("conn")).getAttribute("class").contains("conn-out"));
    assertThat(browser.findElement(By.id("conn-text")).getText()).isEqualTo("signed out");
    WebElement link = browser.findElement(By.id("sign-in-again"));
    assertThat(link.getText()).isEqualTo("sign in again");
    assertThat(link.getAttribute("href")).isEqualTo(page("login.html"));
  }

  private static final io.moi.security.control.AccountFile ACCOUNTS =
      new io.moi.security.control.AccountFile(Path.of(System.getProperty("it.users.file")));

  private static void putAccount(String user, java.util.Set<String> roles) throws Exception {
    var accounts = ACCOUNTS.read();
    accounts.put(
        user,
        new io.moi.security.entity.Account(
            user,
            io.moi.security.control.PasswordHashes.hash(ItAccounts.PASSWORD.toCharArray()),
            roles));
    ACCOUNTS.write(accounts);
  }

  private static void removeAccount(String user) throws Exception {
    var accounts = ACCOUNTS.read();
    accounts.remove(user);
    ACCOUNTS.write(accounts);
  }

  @Test
  void takingAwayTheUsersAccessShowsSignInAgainInsteadOfReconnecting() throws Exception {
    putAccount("gina", java.util.Set.of("moi-user", "moi-exec"));
    try {
      signIn("gina");
      awaitLive();
      putAccount("gina", java.util.Set.of("moi-exec"));
      awaitSignedOutState();
    } finally {
      removeAccount("gina");
    }
  }

  @Test
  void aSessionGoneWhileTheConnectionWasDownShowsSignInAgainInsteadOfReconnecting()
      throws Exception {
    withRecordedSockets(
        () -> {
          signIn("alice");
          awaitLive();
          // As after a server restart: the browser's session cookie names a session the server
          // does not know, and the next handshake is refused.
          browser.manage().deleteCookieNamed("JSESSIONID");
          browser
              .manage()
              .addCookie(
                  new org.openqa.selenium.Cookie(
                      "JSESSIONID", "ended-" + UUID.randomUUID(), new URL(page("")).getPath()));
          long before = serverClosesTheConnection();
          awaitSignedOutState();
          assertThat((Long) js("return realSockets.length;")).isGreaterThan(before);
          return null;
        });
  }

  @Test
  void afterAReconnectionThePageShowsTheTreeAsItIsNow() throws Exception {
    String root =
        Json.createReader(new StringReader(call("GET", "api/me", null).body()))
            .readObject()
            .getString("group");
    String drifting = "drifting-" + UUID.randomUUID();
    String vanishing = "vanishing-" + UUID.randomUUID();
    withRecordedSockets(
        () -> {
          signIn("alice");
          awaitLive();
          try (var redis = io.moi.ItRedis.client()) {
            for (String id : List.of(drifting, vanishing)) {
              var now = io.moi.tree.entity.Dates.now();
              redis.set(
                  id,
                  io.moi.tree.entity.Info.newJob(id, id, root, "default", null, now)
                      .started(now)
                      .toJson());
              redis.sadd(root + ":children", id);
              redis.publish(root + ":pubsub", "{\"add\": [\"" + id + "\"]}");
            }
            awaitStatus(drifting, "Running");
            awaitStatus(vanishing, "Running");

            // Changed behind the page's back: no message, so no live frame tells it.
            var running = io.moi.tree.entity.Info.fromJson(redis.get(drifting));
            redis.set(
                drifting,
                running
                    .ended("Success", Json.createValue(42), io.moi.tree.entity.Dates.now())
                    .toJson());
            redis.srem(root + ":children", vanishing);
            redis.del(vanishing);
          }
          long before = serverClosesTheConnection();
          waiting().until(d -> (Long) js("return realSockets.length;") > before);
          awaitLive();

          awaitStatus(drifting, "Success");
          waiting().until(d -> rows(vanishing).isEmpty());
          assertThat(
                  row(drifting)
                      .findElement(By.cssSelector(":scope > .result"))
                      .getAttribute("textContent"))
              .contains("42");
          return null;
        });
  }

  @Test
  void aScheduleCreatedOverRestIsListedAsTextAndPauseChangesIt() throws Exception {
    String name = "nightly " + MARKUP + " " + UUID.randomUUID();
    var created =
        call(
            "POST",
            "api/schedules",
            Json.createObjectBuilder()
                .add("name", name)
                .add("cron", "0 3 * * *")
                .add("zone", "Europe/Paris")
                .add("cmd", "return 1")
                .build()
                .toString());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String id = Json.createReader(new StringReader(created.body())).readObject().getString("id");
    String row = "#schedules-rows tr[data-schedule='" + id + "']";

    signIn("alice");
    // The section replaces its rows when the list changes: read them afresh each time.
    waiting().until(d -> scheduleText(row, ".name") != null);
    assertThat(scheduleText(row, ".name")).isEqualTo(name);
    assertThat((Long) js("return document.querySelectorAll(arguments[0] + ' img').length;", row))
        .isZero();
    assertThat(scheduleText(row, ".cron")).isEqualTo("0 3 * * *");
    assertThat(scheduleText(row, ".zone")).isEqualTo("Europe/Paris");
    assertThat(scheduleText(row, ".state")).isEqualTo("active");

    waiting()
        .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
        .until(
            d -> {
              d.findElement(By.cssSelector(row + " button.pause")).click();
              return true;
            });

    waiting().until(d -> "paused".equals(scheduleText(row, ".state")));
    assertThat(browser.findElements(By.cssSelector(row + " button.resume"))).hasSize(1);
    var stored =
        Json.createReader(new StringReader(call("GET", "api/schedules/" + id, null).body()))
            .readObject();
    assertThat(stored.getBoolean("paused")).isTrue();
    // Another user's page lists none of alice's schedules.
    signIn("bob");
    waiting().until(d -> !d.findElement(By.id("schedules-state")).getText().equals("loading"));
    assertThat(browser.findElements(By.cssSelector(row))).isEmpty();
    call("DELETE", "api/schedules/" + id, null);
  }

  /** The text of a part of a schedule's row as the page shows it now; null when there is none. */
  private String scheduleText(String row, String part) {
    return (String)
        js(
            "var e = document.querySelector(arguments[0] + ' ' + arguments[1]); return e ? e.textContent : null;",
            row,
            part);
  }
}
