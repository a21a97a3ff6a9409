package io.moi.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.moi.ItAccounts;
import io.moi.tree.entity.Dates;
import io.moi.tree.entity.Info;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import redis.clients.jedis.Jedis;

/** A websocket client of the integration tests that keeps every frame it gets. */
public final class Live implements WebSocket.Listener, AutoCloseable {
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
  /** POSTs a JSON body as {@code user} (Basic auth), expects 201 and answers the created JSON. */
  public static JsonObject created(HttpClient http, URL base, String user, String path, String json)
      throws Exception {
    var response =
        http.send(
            HttpRequest.newBuilder(base.toURI().resolve(path))
                .header("Authorization", ItAccounts.basic(user))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return Json.createReader(new StringReader(response.body())).readObject();
  }

  /** A job as a third party writes it, straight into Redis under a group; returns its ID. */
  static String writeElsewhere(Jedis redis, String prefix, String group, String status) {
    String id = prefix + "-" + UUID.randomUUID();
    Info info = Info.newJob(id, "written elsewhere", group, "default", null, Dates.now());
    redis.set(id, (status == null ? info : info.withStatus(status)).toJson());
    redis.sadd(group + ":children", id);
    return id;
  }

  public static Live connect(HttpClient http, URL base, String cookie, String origin)
      throws Exception {
    var live = new Live();
    var builder = http.newWebSocketBuilder().header("Cookie", cookie);
    if (origin != null) {
      builder.header("Origin", origin);
    }
    URI ws = URI.create(base.toString().replaceFirst("^http", "ws") + "moi-ws/");
    live.socket = builder.buildAsync(ws, live).get(20, TimeUnit.SECONDS);
    return live;
  }

  public void send(String text) {
    socket.sendText(text, true).join();
  }

  /** The next frame about the node, skipping others; fails after 20 s. */
  public JsonObject next(String action, String id, Predicate<JsonObject> condition)
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

  public JsonObject next(String action, String id) throws InterruptedException {
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
  public List<JsonObject> drain(long millis) throws InterruptedException {
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
