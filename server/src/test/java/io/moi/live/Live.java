package io.moi.live;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A websocket client of the integration tests that keeps every frame it gets. */
final class Live implements WebSocket.Listener, AutoCloseable {
  final BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
  final CompletableFuture<Integer> closed = new CompletableFuture<>();
  volatile String closeReason;
  WebSocket socket;
  private final StringBuilder partial = new StringBuilder();

  @Override
  public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
    partial.append(data);
    if (last) {
      frames.add(Json.createReader(new StringReader(partial.toString())).readObject());
      partial.setLength(0);
    }
    ws.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
    closeReason = reason;
    closed.complete(status);
    return null;
  }

  /**
   * Opens the websocket of the server at {@code base} with a session cookie and an Origin header
   * (none if null).
   */
  static Live connect(HttpClient http, URL base, String cookie, String origin) throws Exception {
    var live = new Live();
    var builder = http.newWebSocketBuilder().header("Cookie", cookie);
    if (origin != null) {
      builder.header("Origin", origin);
    }
    URI ws = URI.create(base.toString().replaceFirst("^http", "ws") + "moi-ws/");
    live.socket = builder.buildAsync(ws, live).get(20, TimeUnit.SECONDS);
    return live;
  }

  void send(String text) {
    socket.sendText(text, true).join();
  }

  /** The next frame about the node, skipping others; fails after 20 s. */
  JsonObject next(String action, String id, Predicate<JsonObject> condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    int skipped = 0;
    JsonObject last = null;
    while (System.nanoTime() < deadline) {
      JsonObject frame = frames.poll(100, TimeUnit.MILLISECONDS);
      if (frame != null && frame.containsKey(action)) {
        JsonObject info = frame.getJsonObject(action);
        if (info.getString("id").equals(id) && condition.test(info)) {
          return info;
        }
      }
      if (frame != null) {
        skipped++;
        last = frame;
      }
    }
    throw new AssertionError(
        "no "
            + action
            + " frame for "
            + id
            + " in 20 s; "
            + skipped
            + " other frames, the last "
            + last
            + "; connection closed: "
            + closed.getNow(null));
  }

  JsonObject next(String action, String id) throws InterruptedException {
    return next(action, id, i -> true);
  }

  /**
   * Follows a node that a message has just announced: asks for it until the server, once it has
   * placed the node in the user's tree, answers with its get frame.
   */
  JsonObject follow(String id) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      send("{\"get\": [\"" + id + "\"]}");
      for (long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
          System.nanoTime() < until; ) {
        JsonObject frame = frames.poll(100, TimeUnit.MILLISECONDS);
        if (frame != null
            && frame.containsKey("get")
            && frame.getJsonObject("get").getString("id").equals(id)) {
          return frame.getJsonObject("get");
        }
      }
    }
    throw new AssertionError(
        "the server never answered a get of " + id + "; closed: " + closed.getNow(null));
  }

  /** Every frame that arrives within the time, for checking what did not come. */
  List<JsonObject> drain(long millis) throws InterruptedException {
    Thread.sleep(millis); // not a poll: what matters is what did not arrive in this time
    var all = new java.util.ArrayList<JsonObject>();
    frames.drainTo(all);
    return all;
  }

  @Override
  public void close() {
    if (!socket.isOutputClosed()) {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
    }
  }
}
