package io.moi.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.moi.ItAccounts;
import io.moi.ItRedis;
import io.moi.redis.RedisKeys;
import io.moi.security.control.AccountFile;
import io.moi.security.control.PasswordHashes;
import io.moi.security.entity.Account;
import io.moi.tree.entity.Dates;
import io.moi.tree.entity.Info;
import io.moi.tree.entity.Infos;
import jakarta.json.Json;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard of a user with 10,000 jobs, written straight into Redis as the server writes them:
 * it opens, says how many jobs it holds, filters and searches them in the browser, and keeps a row
 * live. How long the opening took is printed, for the README; it is not asserted.
 */
@ExtendWith(ArquillianExtension.class)
class LargeTreeIT {

  static final String USER = "dana";
  static final int JOBS = 10_000;
  static final Duration LIVE = Duration.ofSeconds(60);

  @Deployment(testable = false)
  static WebArchive deployment() {
    return ItAccounts.builtWar();
  }

  @ArquillianResource URL base;

  static Chromium chromium;
  static ChromeDriver browser;

  @BeforeAll
  static void start() throws Exception {
    ItAccounts.write();
    var file = new AccountFile(Path.of(System.getProperty("it.users.file")));
    var accounts = file.read();
    String hash = PasswordHashes.hash(ItAccounts.PASSWORD.toCharArray());
    accounts.put(USER, new Account(USER, hash, Set.of("moi-user")));
    file.write(accounts);
    chromium = Chromium.start();
    browser = chromium.driver;
  }

  @AfterAll
  static void stop() throws Exception {
    if (chromium != null) {
      chromium.close();
    }
  }

  /**
   * The jobs as written: every 37th failed, every 11th running, every 13th queued, else success.
   */
  record Tree(
      String root,
      List<String> ids,
      List<String> failed,
      String runningInner,
      int innerRunning,
      int running) {}

  private static String status(int i) {
    if (i % 37 == 0) {
      return "Failed";
    }
    if (i % 11 == 0) {
      return "Running";
    }
    return i % 13 == 0 ? "Queued" : "Success";
  }

  /**
   * Two groups under the root, one with a group inside: job i goes to one of the three or to the
   * root itself, created i seconds before now, so the newest is job 0. One pipeline, no expiry (the
   * test's Redis goes away with the build).
   */
  private Tree write(String root) {
    LocalDateTime now = LocalDateTime.now().withNano(0);
    String nightly = "nightly-" + root;
    String imports = "imports-" + root;
    String inner = "inner-" + root;
    List<String> ids = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    String runningInner = null;
    int innerRunning = 0;
    int running = 0;
    try (var redis = ItRedis.client();
        var pipe = redis.pipelined()) {
      String created = Dates.format(now.minusDays(1));
      for (Info group :
          List.of(
              Infos.aGroup(nightly).named("nightly").under(root).created(created).build(),
              Infos.aGroup(imports).named("imports").under(root).created(created).build(),
              Infos.aGroup(inner).named("inner").under(imports).created(created).build())) {
        pipe.set(group.id(), group.toJson());
        pipe.sadd(RedisKeys.children(group.parent()), group.id());
      }
      String[] parents = {nightly, imports, inner, root};
      for (int i = 0; i < JOBS; i++) {
        String id = String.format("job-%05d-%s", i, root.substring(0, 8));
        String date = Dates.format(now.minusSeconds(i));
        var job = Infos.aJob(id).named("task " + i).under(parents[i % 4]).created(date);
        String status = status(i);
        switch (status) {
          case "Failed" -> {
            job.started(date)
                .ended("Failed", Json.createArrayBuilder().add("Boom\n").build(), date);
            failed.add(id);
          }
          case "Running" -> {
            job.started(date);
            running++;
            if (i % 4 == 2) {
              innerRunning++;
              runningInner = runningInner == null ? id : runningInner;
            }
          }
          case "Success" -> job.started(date).ended("Success", Json.createValue(i), date);
          default -> job.status("Queued");
        }
        pipe.set(id, job.toJson());
        pipe.sadd(RedisKeys.children(parents[i % 4]), id);
        ids.add(id);
      }
      pipe.sync();
    }
    return new Tree(root, ids, failed, runningInner, innerRunning, running);
  }

  static Tree tree;

  /** The user's tree, written once for the class. */
  private Tree tree() throws Exception {
    if (tree == null) {
      tree = write(rootOf(USER));
    }
    return tree;
  }

  private String rootOf(String user) throws Exception {
    var response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(base.toURI().resolve("api/me"))
                    .header("Authorization", ItAccounts.basic(user))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return Json.createReader(new StringReader(response.body())).readObject().getString("group");
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

  /**
   * Installed before the page's own scripts: when the count first says {@code window.expected}, the
   * time since navigation start goes into {@code window.openedAt}; the websocket's frames are
   * counted, with the time of the first and the last.
   */
  static final String STOPWATCH =
      """
      window.openedAt = null;
      window.wsFrames = {count: 0, first: null, last: null};
      (function () {
        var Real = window.WebSocket;
        function Counted(url, protocols) {
          var socket = protocols === undefined ? new Real(url) : new Real(url, protocols);
          window.wsFrames.created = performance.now();
          socket.addEventListener('open', function () {
            window.wsFrames.opened = performance.now();
          });
          socket.addEventListener('message', function () {
            var now = performance.now();
            window.wsFrames.count++;
            window.wsFrames.first = window.wsFrames.first === null ? now : window.wsFrames.first;
            window.wsFrames.last = now;
          });
          return socket;
        }
        window.wsFrames.created = null;
        window.wsFrames.opened = null;
        Counted.prototype = Real.prototype;
        Counted.CONNECTING = 0; Counted.OPEN = 1; Counted.CLOSING = 2; Counted.CLOSED = 3;
        window.WebSocket = Counted;
        // The time the model spends on its passes over the tree (jobs-model.js, rows()).
        window.passes = {count: 0, millis: 0};
        var jobs;
        Object.defineProperty(window, 'moiJobs', {
          configurable: true,
          get: function () { return jobs; },
          set: function (value) {
            var rows = value.Model.prototype.rows;
            value.Model.prototype.rows = function (filter) {
              var began = performance.now();
              try {
                return rows.call(this, filter);
              } finally {
                window.passes.count++;
                window.passes.millis += performance.now() - began;
              }
            };
            jobs = value;
          }
        });
        var watch = setInterval(function () {
          var shown = document.getElementById('shown');
          if (shown !== null && shown.textContent === '10,000 jobs') {
            window.openedAt = performance.now();
            clearInterval(watch);
          }
        }, 5);
      })();
      """;

  private String shown() {
    return browser.findElement(By.id("shown")).getText();
  }

  /** Waits until the count shows 10,000 jobs, and prints how long it took and what came when. */
  private void awaitOpened(String which) {
    waiting().until(d -> js("return window.openedAt;") != null);
    System.out.printf(
        "LargeTreeIT %s: 10,000 jobs shown %.0f ms after navigation start; %s%n",
        which,
        ((Number) js("return window.openedAt;")).doubleValue(),
        js(
            "var f = window.wsFrames, p = window.passes;"
                + " return 'websocket created at ' + Math.round(f.created) + ' ms, open at '"
                + " + Math.round(f.opened) + ' ms; ' + f.count + ' frames, the first at '"
                + " + Math.round(f.first) + ' ms, the last at ' + Math.round(f.last) + ' ms; '"
                + " + p.count + ' passes over the model took ' + Math.round(p.millis) + ' ms';"));
  }

  @SuppressWarnings("unchecked")
  private List<String> jobRowIds() {
    return (List<String>)
        js(
            "return Array.prototype.map.call(document.querySelectorAll('#tree li.job'),"
                + " function (li) { return li.getAttribute('data-id'); });");
  }

  private long rowsInPage() {
    return (Long) js("return document.querySelectorAll('#tree li.node').length;");
  }

  private void filter(String status) {
    browser.findElement(By.cssSelector("#filters button[data-status='" + status + "']")).click();
  }

  private void search(String text) {
    var box = browser.findElement(By.id("search"));
    box.clear();
    box.sendKeys(text);
  }

  private String statusOf(String id) {
    return (String)
        js(
            "var li = document.querySelector('#tree li[data-id=\"' + arguments[0] + '\"]');"
                + " return li === null ? null : li.querySelector(':scope > .row > .status').textContent;",
            id);
  }

  private String groupCounts(String id) {
    return (String)
        js(
            "var li = document.querySelector('#tree li[data-id=\"' + arguments[0] + '\"]');"
                + " return li === null ? null : li.querySelector(':scope > .row > .count').textContent;",
            id);
  }

  /**
   * The server's part of opening the dashboard, without a browser: a websocket client asks for the
   * tree, as the page does, and counts the frames (one per node) until the last one.
   */
  @Test
  void theAnswerToAGetOfTheWholeTreeHoldsEveryNodeOneFrameEach() throws Exception {
    tree();
    var http = HttpClient.newHttpClient();
    String cookie = ItAccounts.login(http, base.toURI(), USER);
    int expected = 1 + 3 + JOBS; // the root, three groups, the jobs
    var count = new AtomicInteger();
    var first = new AtomicLong();
    var last = new CompletableFuture<Long>();
    WebSocket.Listener listener =
        new WebSocket.Listener() {
          @Override
          public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean whole) {
            if (whole) {
              long now = System.nanoTime();
              first.compareAndSet(0, now);
              if (count.incrementAndGet() == expected) {
                last.complete(now);
              }
            }
            ws.request(1);
            return null;
          }
        };
    WebSocket socket =
        http.newWebSocketBuilder()
            .header("Cookie", cookie)
            .header("Origin", ItAccounts.origin(base.toURI()))
            .buildAsync(
                URI.create(base.toString().replaceFirst("^http", "ws") + "moi-ws/"), listener)
            .get(20, TimeUnit.SECONDS);
    try {
      long asked = System.nanoTime();
      socket.sendText("{\"get\": []}", true).join();
      long done = last.get(60, TimeUnit.SECONDS);
      System.out.printf(
          "LargeTreeIT get of the whole tree over a plain websocket: %d frames, the first %d ms"
              + " after asking, the last %d ms after asking%n",
          count.get(), (first.get() - asked) / 1_000_000, (done - asked) / 1_000_000);
      assertThat(count.get()).isEqualTo(expected);
    } finally {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
    }
  }

  @Test
  void tenThousandJobsOpenOnePageAtATimeAndFilterSearchAndChangeLive() throws Exception {
    Tree tree = tree();
    var stopwatch =
        browser.executeCdpCommand(
            "Page.addScriptToEvaluateOnNewDocument", java.util.Map.of("source", STOPWATCH));
    try {
      signIn(USER);
      awaitOpened("first open, right after signing in");
      browser.navigate().refresh();
      awaitOpened("a reload");
    } finally {
      browser.executeCdpCommand(
          "Page.removeScriptToEvaluateOnNewDocument",
          java.util.Map.of("identifier", stopwatch.get("identifier")));
    }

    // One page of rows, newest first: the newest job's group, then its jobs from the newest.
    assertThat(shown()).isEqualTo("10,000 jobs");
    assertThat(rowsInPage()).isEqualTo(100);
    assertThat(jobRowIds().subList(0, 3))
        .containsExactly(tree.ids().get(0), tree.ids().get(4), tree.ids().get(8));
    browser.findElement(By.id("page-next")).click();
    assertThat(jobRowIds().get(0)).isEqualTo(tree.ids().get(99 * 4));
    assertThat(browser.findElement(By.id("page-text")).getText()).startsWith("Page 2 of ");

    // Failed: exactly the failed jobs, page after page.
    filter("failed");
    assertThat(shown())
        .isEqualTo(
            String.format(java.util.Locale.ROOT, "%,d of 10,000 jobs", tree.failed().size()));
    List<String> listed = new ArrayList<>(jobRowIds());
    while (browser.findElement(By.id("page-next")).isEnabled()) {
      browser.findElement(By.id("page-next")).click();
      listed.addAll(jobRowIds());
    }
    assertThat(listed).containsExactlyInAnyOrderElementsOf(tree.failed());
    assertThat(listed).allMatch(id -> "Failed".equals(status(tree.ids().indexOf(id))));

    // An ID, in capitals: the one job, under its groups.
    filter("all");
    String wanted = tree.ids().get(5002);
    search(wanted.toUpperCase());
    waiting().until(d -> shown().equals("1 of 10,000 jobs"));
    assertThat(jobRowIds()).containsExactly(wanted);
    assertThat(statusOf(wanted)).isEqualTo("Success");

    // A running job ends elsewhere: its row and its group's counts change live.
    String running = tree.runningInner();
    search(running);
    waiting().until(d -> shown().equals("1 of 10,000 jobs"));
    assertThat(statusOf(running)).isEqualTo("Running");
    String inner = "inner-" + tree.root();
    assertThat(groupCounts(inner)).contains(tree.innerRunning() + " running");
    try (var redis = ItRedis.client()) {
      ItRedis.writeElsewhere(
          Info.fromJson(redis.get(running)).ended("Success", Json.createValue(1), Dates.now()),
          "update");
    }
    waiting().until(d -> "Success".equals(statusOf(running)));
    waiting().until(d -> groupCounts(inner).contains((tree.innerRunning() - 1) + " running"));
    assertThat(
            browser.findElement(By.cssSelector("#filters button[data-status='running']")).getText())
        .isEqualTo(String.format("Running %,d", tree.running() - 1));
  }
}
