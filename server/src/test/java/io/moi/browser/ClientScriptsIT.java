package io.moi.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * moi.js and moi_list.js in headless Chromium against a stand-in WebSocket that the test drives:
 * what they send, how they reconnect, and what the list shows, including what the real server
 * cannot easily be made to do (drop the connection, send markup as a status).
 */
class ClientScriptsIT {

  /** Replaces window.WebSocket; each socket opens (or is refused) a moment after creation. */
  static final String FAKE_SOCKET =
      """
      window.sockets = [];
      window.refuse = false;
      function FakeSocket(url) {
        var self = this;
        self.url = url; self.readyState = 0; self.sent = []; self.created = Date.now();
        window.sockets.push(self);
        setTimeout(function () {
          if (self.readyState !== 0) { return; }
          if (window.refuse) {
            self.readyState = 3;
            if (self.onerror) { self.onerror({type: 'error'}); }
            if (self.onclose) { self.onclose({type: 'close', code: 1006}); }
            return;
          }
          self.readyState = 1;
          if (self.onopen) { self.onopen({type: 'open'}); }
        }, 5);
      }
      FakeSocket.prototype.send = function (data) {
        if (this.readyState !== 1) { throw new Error('InvalidStateError'); }
        this.sent.push(JSON.parse(data));
      };
      FakeSocket.prototype.close = function () {
        var self = this;
        if (self.readyState === 3) { return; }
        self.readyState = 3;
        setTimeout(function () { if (self.onclose) { self.onclose({type: 'close', code: 1000}); } }, 0);
      };
      FakeSocket.prototype.receive = function (frame) {
        this.onmessage({data: typeof frame === 'string' ? frame : JSON.stringify(frame)});
      };
      FakeSocket.prototype.drop = function () {
        this.readyState = 3;
        if (this.onclose) { this.onclose({type: 'close', code: 1006}); }
      };
      window.WebSocket = FakeSocket;
      window.last = function () { return window.sockets[window.sockets.length - 1]; };
      window.info = function (id, parent, fields) {
        var info = {id: id, name: id, type: 'job', pubsub: id + ':pubsub', url: null, parent: parent,
          context: 'default', status: 'Queued', result: null,
          date_created: '2024-01-01 10:00:00.000000', date_start: null, date_end: null};
        for (var key in fields || {}) { info[key] = fields[key]; }
        return info;
      };
      window.group = function (id, parent, fields) {
        var node = window.info(id, parent, fields);
        node.type = 'group'; node.status = null;
        return node;
      };
      """;

  static Chromium chromium;
  static ChromeDriver browser;
  static Path page;

  @BeforeAll
  static void start() throws IOException {
    Path webapp =
        Path.of(System.getProperty("it.basedir", "."), "src", "main", "webapp").toAbsolutePath();
    Path dir =
        Files.createDirectories(
            Path.of(System.getProperty("it.basedir", "."), "target", "client-pages")
                .toAbsolutePath());
    page = dir.resolve("page.html");
    Files.writeString(
        page,
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>t</title></head><body>"
            + "<div id=\"here\"></div>"
            + "<script>"
            + FAKE_SOCKET
            + "</script>"
            + "<script src=\""
            + webapp.resolve("moi.js").toUri()
            + "\"></script>"
            + "<script src=\""
            + webapp.resolve("moi_list.js").toUri()
            + "\"></script>"
            + "</body></html>",
        StandardCharsets.UTF_8);
    chromium = Chromium.start();
    browser = chromium.driver;
  }

  @AfterAll
  static void stop() throws IOException {
    if (chromium != null) {
      chromium.close();
    }
  }

  @BeforeEach
  void freshPage() {
    browser.get(page.toUri().toString());
  }

  private Object js(String script) {
    return browser.executeScript(script);
  }

  private WebDriverWait waiting() {
    return new WebDriverWait(browser, Duration.ofSeconds(10));
  }

  @SuppressWarnings("unchecked")
  private List<Object> sent() {
    return (List<Object>) js("return last().sent;");
  }

  private List<Object> awaitSent(int count) {
    return waiting().until(d -> sent().size() >= count ? sent() : null);
  }

  private void receive(String frameExpression) {
    js("last().receive(" + frameExpression + ");");
  }

  // ---- moi.js ----

  @Test
  void onOpenItAsksForTheGroupOrForEverything() {
    js("moi.init('g1');");
    assertThat(awaitSent(1)).containsExactly(Map.of("get", List.of("g1")));
    js("moi.init(null);");
    assertThat(awaitSent(1)).containsExactly(Map.of("get", List.of()));
    assertThat(js("return sockets.length;")).isEqualTo(2L);
    assertThat(js("return sockets[0].readyState;")).isEqualTo(3L);
  }

  @Test
  void theUrlIsThePagesFolderPlusMoiWsOrTheHostGiven() {
    js("moi.init(null);");
    assertThat((String) js("return last().url;"))
        .startsWith("ws://")
        .endsWith("/client-pages/moi-ws/");
    js("moi.init(null, 'example.org:8080/moi-ws/');");
    assertThat(js("return last().url;")).isEqualTo("ws://example.org:8080/moi-ws/");
    js("moi.init(null, 'wss://example.org/app/moi-ws/');");
    assertThat(js("return last().url;")).isEqualTo("wss://example.org/app/moi-ws/");
    js("moi.init(null, 'https://example.org/moi-ws/');");
    assertThat(js("return last().url;")).isEqualTo("wss://example.org/moi-ws/");
    js("moi.init(null, '/moi/moi-ws/');");
    assertThat(js("return last().url;")).isEqualTo("ws:///moi/moi-ws/");
    js("moi_list.init(null, document.getElementById('here'), 'example.org/jobs/moi-ws/');");
    assertThat(js("return last().url;")).isEqualTo("ws://example.org/jobs/moi-ws/");
  }

  @Test
  void everyCallbackOfAnActionGetsTheInfoObjectAndBadFramesAreSkipped() {
    js(
        "window.got = [];"
            + "moi.add_callback('update', function () { throw new Error('a broken listener'); });"
            + "moi.add_callback('update', function (info) { got.push('a:' + info.id); });"
            + "moi.add_callback('update', function (info) { got.push('b:' + info.status); });"
            + "moi.add_callback('get', function (info) { got.push('get:' + info.id); });"
            + "moi.init('g');");
    awaitSent(1);
    receive("'not json'");
    receive("'[1, 2]'");
    receive("{update: info('j1', 'g', {status: 'Running'})}");
    receive("{get: info('j2', 'g')}");
    receive("{unknown: info('j3', 'g')}");
    assertThat(js("return got;")).isEqualTo(List.of("a:j1", "b:Running", "get:j2"));
  }

  @Test
  void sendPutsTheDataUnderTheAction() {
    js("moi.init('g');");
    awaitSent(1);
    assertThat(js("return moi.send('remove', 'j1');")).isEqualTo(true);
    js("moi.send('remove', ['j2', 'j3']);");
    js("moi.send('add', ['j4']);");
    assertThat(sent())
        .containsExactly(
            Map.of("get", List.of("g")),
            Map.of("remove", "j1"),
            Map.of("remove", List.of("j2", "j3")),
            Map.of("add", List.of("j4")));
  }

  @Test
  void framesSentBeforeTheConnectionOpensGoOutAfterTheGet() {
    assertThat(js("moi.init('g'); return moi.send('remove', ['j1']);")).isEqualTo(false);
    assertThat(awaitSent(2))
        .containsExactly(Map.of("get", List.of("g")), Map.of("remove", List.of("j1")));
  }

  @Test
  void aPagesOwnOnOpenReplacesTheInitialGet() {
    js(
        "window.events = [];"
            + "moi.init('g', null, function () { events.push('open'); moi.send('get', ['mine']); },"
            + " function (e) { events.push('close ' + e.code); }, function () { events.push('error'); });");
    assertThat(awaitSent(1)).containsExactly(Map.of("get", List.of("mine")));
    js("last().drop();");
    waiting().until(d -> js("return sockets.length;").equals(2L) && sent().size() == 1);
    assertThat(js("return events;")).isEqualTo(List.of("open", "close 1006", "open"));
  }

  @Test
  void afterADropItReconnectsWithGrowingDelaysAndAsksAgain() {
    js("moi.init('g');");
    awaitSent(1);
    js("window.refuse = true; last().drop();");
    waiting().until(d -> (Long) js("return sockets.length;") >= 4);
    js("window.refuse = false;");
    assertThat(awaitSent(1)).containsExactly(Map.of("get", List.of("g")));

    @SuppressWarnings("unchecked")
    List<Long> created = (List<Long>) js("return sockets.map(function (s) { return s.created; });");
    long first = created.get(1) - created.get(0);
    long second = created.get(2) - created.get(1);
    long third = created.get(3) - created.get(2);
    // 0.5 s doubling, each wait between half and all of its step: 250-500, 500-1000, 1000-2000 ms.
    assertThat(first).isBetween(240L, 1200L);
    assertThat(second).isBetween(490L, 1700L);
    assertThat(third).isBetween(990L, 2700L);
  }

  @Test
  void closeAsksTheServerToCloseAndStopsReconnecting() throws InterruptedException {
    js("moi.init('g');");
    awaitSent(1);
    js("moi.send('close', null);");
    assertThat(sent()).contains(Collections.singletonMap("close", null));
    js("last().drop();");
    Thread.sleep(1500); // not a poll: long enough for a reconnection that must not come
    assertThat(js("return sockets.length;")).isEqualTo(1L);
  }

  // ---- moi_list.js ----

  private List<WebElement> items() {
    return browser.findElements(By.cssSelector("#here > #moi-list > p"));
  }

  @Test
  void theListShowsTheGroupsChildrenAsText() {
    js("moi_list.init('g', document.getElementById('here'));");
    assertThat(awaitSent(1)).containsExactly(Map.of("get", List.of("g")));
    receive("{get: group('g', null)}");
    receive(
        "{get: info('j1', 'g', {name: '<b>bold</b><img src=x onerror=alert(1)>', status: '<i>Running</i>'})}");
    receive("{get: info('elsewhere', 'other')}");

    assertThat(items()).hasSize(1);
    WebElement item = items().get(0);
    assertThat(item.getText()).isEqualTo("<b>bold</b><img src=x onerror=alert(1)>: <i>Running</i>");
    assertThat(item.findElements(By.cssSelector("b, img, i"))).isEmpty();
    assertThat(item.findElement(By.cssSelector("input[type=button]")).getAttribute("value"))
        .isEqualTo("Remove");
  }

  @Test
  void theStatusBecomesALinkOnceTheJobEndsAndOnlyToAWebAddress() {
    js("moi_list.init('g', document.getElementById('here'));");
    awaitSent(1);
    receive("{add: info('a', 'g', {url: '/results', status: 'Running'})}");
    receive("{add: info('b', 'g', {url: 'javascript:alert(1)', status: 'Running'})}");
    receive("{add: info('c', 'g', {url: 'https://example.org/r', status: 'Running'})}");
    assertThat(browser.findElements(By.cssSelector("#moi-list a"))).isEmpty();

    receive("{update: info('a', 'g', {url: '/results', status: 'Success'})}");
    receive("{update: info('b', 'g', {url: 'javascript:alert(1)', status: 'Failed'})}");
    receive("{update: info('c', 'g', {url: 'https://example.org/r', status: 'Failed'})}");
    List<WebElement> links = browser.findElements(By.cssSelector("#moi-list a"));
    assertThat(links).extracting(WebElement::getText).containsExactly("Success", "Failed");
    assertThat(links.get(0).getAttribute("href")).endsWith("/results/a");
    assertThat(links.get(1).getAttribute("href")).isEqualTo("https://example.org/r/c");
    assertThat(items().get(1).getText()).endsWith("b: Failed");
  }

  @Test
  void removeSendsRemoveAndDropsTheRowAsDoesARemoveFrame() {
    js("moi_list.init('g', document.getElementById('here'));");
    awaitSent(1);
    receive("{get: info('a', 'g')}");
    receive("{get: info('b', 'g')}");
    items().get(0).findElement(By.cssSelector("input[type=button]")).click();
    assertThat(sent()).contains(Map.of("remove", List.of("a")));
    assertThat(items()).hasSize(1);
    receive("{remove: info('b', 'g')}");
    assertThat(items()).isEmpty();
  }

  @Test
  void withoutAGroupTheListShowsTheChildrenOfTheRoot() {
    js("moi_list.init(null, document.getElementById('here'));");
    assertThat(awaitSent(1)).containsExactly(Map.of("get", List.of()));
    receive("{get: info('inner', 'sub', {date_created: '2024-01-01 10:00:03.000000'})}");
    receive("{get: group('root', null)}");
    receive("{get: info('late', 'root', {date_created: '2024-01-01 10:00:02'})}");
    receive("{get: info('early', 'root', {date_created: '2024-01-01 10:00:01.500000'})}");
    receive("{get: group('sub', 'root', {date_created: '2024-01-01 10:00:04.000000'})}");
    // The original server never sent the root itself: its children still make rows.
    receive("{add: info('orphan', 'unseen-root', {date_created: '2024-01-01 10:00:05.000000'})}");

    assertThat(items())
        .extracting(e -> e.getAttribute("data-moi-id"))
        .containsExactly("early", "late", "sub", "orphan");
    assertThat(items().get(2).getText()).contains("Group details");
  }
}
