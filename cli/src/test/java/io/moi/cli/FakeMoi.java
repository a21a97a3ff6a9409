package io.moi.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Stands in for the moi server in tests: a real HTTP server that implements the REST contract the
 * command line is written against (Basic auth, JSON errors, the long poll), with its state set up
 * by each test.
 */
final class FakeMoi implements AutoCloseable {

  static final String USER = "alice";
  static final String PASSWORD = "s3cret";
  static final String ADMIN = "root";

  /** In a script: answer this long poll at once with the status unchanged. */
  static final String SAME = "\0same";

  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final Map<String, JsonObject> nodes = new HashMap<>();
  private final Map<String, Deque<String>> scripts = new HashMap<>();
  private final Map<String, JsonArray> userJobs = new HashMap<>();
  private final List<Seen> requests = Collections.synchronizedList(new ArrayList<>());
  private volatile Refusal refusal;
  private int created;

  /** One request as the server saw it; path and query still percent-encoded. */
  record Seen(String method, String rawPath, String rawQuery, String authorization, String body) {
    String path() {
      return URLDecoder.decode(rawPath.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
  }

  private record Refusal(int status, String reason, String detail, String retryAfter) {}

  FakeMoi() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/api/", this::handle);
    // Long polls hold their thread: give every request its own.
    server.setExecutor(threads);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  List<Seen> requests() {
    return List.copyOf(requests);
  }

  synchronized void put(JsonObject info) {
    nodes.put(info.getString("id"), info);
  }

  /** The statuses a job takes next, one per long poll that waits on its current one. */
  synchronized void script(String id, String... statuses) {
    scripts.put(id, new ArrayDeque<>(List.of(statuses)));
  }

  synchronized void userJobs(String key, JsonArray nodes) {
    userJobs.put(key, nodes);
  }

  /** Every request from now on is answered with this error. */
  void refuseAll(int status, String reason, String detail, String retryAfter) {
    refusal = new Refusal(status, reason, detail, retryAfter);
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String authorization = exchange.getRequestHeaders().getFirst("Authorization");
      var uri = exchange.getRequestURI();
      requests.add(
          new Seen(
              exchange.getRequestMethod(),
              uri.getRawPath(),
              uri.getRawQuery(),
              authorization,
              body));
      if (!basic(USER, PASSWORD).equals(authorization)
          && !basic(ADMIN, PASSWORD).equals(authorization)) {
        exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"moi\"");
        error(exchange, 401, "Unauthorized", "log in to use the API");
        return;
      }
      Refusal r = refusal;
      if (r != null) {
        if (r.retryAfter() != null) {
          exchange.getResponseHeaders().add("Retry-After", r.retryAfter());
        }
        error(exchange, r.status(), r.reason(), r.detail());
        return;
      }
      route(exchange, segments(uri.getRawPath()), query(uri.getRawQuery()), body, authorization);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void route(
      HttpExchange exchange,
      List<String> path,
      Map<String, String> query,
      String body,
      String authorization)
      throws IOException, InterruptedException {
    String method = exchange.getRequestMethod();
    if (method.equals("GET") && path.size() == 3 && path.get(1).equals("info")) {
      JsonObject info =
          query.containsKey("after")
              ? longPoll(path.get(2), query.get("after"), Integer.parseInt(query.get("wait")))
              : node(path.get(2));
      answer(exchange, info, 200);
    } else if (method.equals("GET") && path.size() == 4 && path.get(3).equals("jobs")) {
      JsonArray jobs = jobsOf(path.get(2), "true".equals(query.get("summary")));
      answer(exchange, jobs, 200);
    } else if (method.equals("GET") && path.size() == 2 && path.get(1).equals("users")) {
      if (!basic(ADMIN, PASSWORD).equals(authorization)) {
        error(exchange, 403, "Forbidden", "only administrators may list users");
        return;
      }
      answer(
          exchange,
          Json.createArrayBuilder()
              .add(Json.createObjectBuilder().add("username", "alice").add("group", "g-alice"))
              .add(Json.createObjectBuilder().add("username", "bob").add("group", "g-bob"))
              .build(),
          200);
    } else if (method.equals("POST") && path.size() == 2 && path.get(1).equals("jobs")) {
      JsonObject job = Json.createReader(new StringReader(body)).readObject();
      JsonObject info = queued("job-" + (++created), job);
      put(info);
      exchange.getResponseHeaders().add("Location", url() + "/api/info/" + info.getString("id"));
      answer(exchange, info, 201);
    } else if (method.equals("POST")
        && path.size() == 4
        && path.get(1).equals("info")
        && path.get(3).equals("cancel")) {
      cancel(exchange, path.get(2));
    } else if (method.equals("POST")
        && path.size() == 4
        && path.get(1).equals("info")
        && path.get(3).equals("rerun")) {
      rerun(exchange, path.get(2));
    } else {
      error(exchange, 404, "Not Found", "no such resource");
    }
  }

  // As the contract says: a waiting job fails at once, a running one is still Running when the
  // answer leaves (its server stops it later), an ended one is refused; a group counts its jobs.
  private synchronized void cancel(HttpExchange exchange, String id) throws IOException {
    JsonObject info = nodes.get(id);
    if (info != null && "group".equals(info.getString("type"))) {
      long jobs =
          nodes.values().stream()
              .filter(n -> id.equals(n.getString("parent", null)) && !ended(n))
              .count();
      answer(
          exchange, Json.createObjectBuilder().add("id", id).add("cancelled", jobs).build(), 202);
    } else if (info != null && ended(info)) {
      error(
          exchange,
          409,
          "Conflict",
          "the job has already ended (" + info.getString("status") + ")");
    } else if (info != null && "Queued".equals(info.getString("status"))) {
      JsonObject failed =
          Json.createObjectBuilder(info)
              .add("status", "Failed")
              .add(
                  "result",
                  Json.createArrayBuilder().add("Cancelled by alice at 2026-12-03 01:00:00 UTC\n"))
              .add("date_end", "2026-12-03 01:00:00.000000")
              .build();
      nodes.put(id, failed);
      answer(exchange, failed, 202);
    } else {
      answer(exchange, info, 202);
    }
  }

  private synchronized void rerun(HttpExchange exchange, String id) throws IOException {
    JsonObject info = nodes.get(id);
    if (info != null && !ended(info)) {
      error(
          exchange,
          409,
          "Conflict",
          "the job has not ended yet (" + info.getString("status") + ")");
      return;
    }
    if (info != null) {
      info = Infos.job("job-" + (++created), info.getString("name"), "Queued").build();
      nodes.put(info.getString("id"), info);
      exchange.getResponseHeaders().add("Location", url() + "/api/info/" + info.getString("id"));
    }
    answer(exchange, info, 201);
  }

  private static boolean ended(JsonObject info) {
    return Set.of("Success", "Failed").contains(info.getString("status", ""));
  }

  private synchronized JsonObject node(String id) {
    return nodes.get(id);
  }

  // Answers once the status differs from `after`: here, by taking the job's next scripted
  // status after a moment; a job without a script is held for `wait` seconds.
  private JsonObject longPoll(String id, String after, int waitSeconds)
      throws InterruptedException {
    JsonObject info = node(id);
    if (info == null || !after.equals(info.getString("status"))) {
      return info;
    }
    String next;
    synchronized (this) {
      Deque<String> script = scripts.get(id);
      next = script == null ? null : script.poll();
    }
    if (next == null) {
      Thread.sleep(waitSeconds * 1000L);
      return node(id);
    }
    if (next.equals(SAME)) {
      return info;
    }
    Thread.sleep(50);
    JsonObject changed = Infos.withStatus(info, next);
    put(changed);
    return changed;
  }

  private synchronized JsonArray jobsOf(String key, boolean summary) {
    JsonArray jobs = userJobs.get(key);
    if (jobs == null || !summary) {
      return jobs;
    }
    var summaries = Json.createArrayBuilder();
    for (JsonValue job : jobs) {
      JsonObject o = job.asJsonObject();
      summaries.add(
          Json.createObjectBuilder()
              .add("date_created", o.get("date_created"))
              .add("id", o.get("id"))
              .add("status", o.get("status")));
    }
    return summaries.build();
  }

  private static JsonObject queued(String id, JsonObject job) {
    return Infos.job(id, job.getString("name", "no-user-cmd-submit"), "Queued")
        .add("context", job.getString("context", "default"))
        .build();
  }

  private static void answer(HttpExchange exchange, JsonValue json, int status) throws IOException {
    if (json == null) {
      error(exchange, 404, "Not Found", "no such node");
      return;
    }
    send(exchange, status, json.toString());
  }

  private static void error(HttpExchange exchange, int status, String reason, String detail)
      throws IOException {
    send(
        exchange,
        status,
        Json.createObjectBuilder()
            .add("status", status)
            .add("error", reason)
            .add("detail", detail)
            .build()
            .toString());
  }

  private static void send(HttpExchange exchange, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  private static List<String> segments(String rawPath) {
    List<String> segments = new ArrayList<>();
    for (String s : rawPath.substring(1).split("/", -1)) {
      segments.add(URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8));
    }
    return segments;
  }

  private static Map<String, String> query(String rawQuery) {
    Map<String, String> query = new LinkedHashMap<>();
    if (rawQuery != null) {
      for (String pair : rawQuery.split("&")) {
        String[] kv = pair.split("=", 2);
        query.put(
            kv[0],
            kv.length < 2
                ? ""
                : URLDecoder.decode(kv[1].replace("+", "%2B"), StandardCharsets.UTF_8));
      }
    }
    return query;
  }

  static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }
}
