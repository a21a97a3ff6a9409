package io.moi.bench;

import io.moi.ItAccounts;
import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The live-update benchmark (bin/moi-bench): many websocket clients watch one user's tree
 * while jobs post status updates; prints the latency from each statusUpdate call to the frame
 * at the clients, and the frames delivered per second. Prints numbers; asserts nothing timed.
 */
@ExtendWith(ArquillianExtension.class)
class LiveBench {

  private static final int CLIENTS = Integer.getInteger("bench.clients", 200);
  private static final int JOBS = Integer.getInteger("bench.jobs", 10);
  private static final int UPDATES = Integer.getInteger("bench.updates", 50);
  private static final int GAP_MILLIS = Integer.getInteger("bench.gap-millis", 100);

  @Deployment(testable = false)
  static WebArchive deployment() {
    return ItAccounts.builtWar()
        .addClass(BenchResource.class);
  }

  @ArquillianResource URL base;

  // Looked up once: Json.createReader searches the class path on every call.
  private static final JsonProvider JSON = JsonProvider.provider();

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .followRedirects(HttpClient.Redirect.NEVER).build();
  private final ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
  private final AtomicLong frames = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();

  final class Watcher implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        try {
          record();
        } catch (RuntimeException e) {
          errors.incrementAndGet();
          if (errors.get() < 3) {
            e.printStackTrace();
          }
        }
      }
      ws.request(1);
      return null;
    }

    private void record() {
      {
        long now = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
        JsonObject frame = JSON.createReader(new StringReader(partial.toString())).readObject();
        partial.setLength(0);
        frames.incrementAndGet();
        JsonObject update = frame.getJsonObject("update");
        if (update != null && !update.isNull("status") && update.getString("status").startsWith("t=")) {
          String status = update.getString("status");
          latencies.add(now - Long.parseLong(status.substring(2, status.indexOf(' '))));
        }
      }
    }
  }

  @Test
  void statusUpdatesReachManyClients() throws Exception {
    ItAccounts.write();
    String cookie = ItAccounts.login(http, base.toURI(), "alice");
    String origin = base.getProtocol() + "://" + base.getHost() + ":" + base.getPort();
    URI ws = URI.create(base.toString().replaceFirst("^http", "ws") + "moi-ws/");

    List<WebSocket> sockets = new ArrayList<>();
    for (int i = 0; i < CLIENTS; i++) {
      var socket = http.newWebSocketBuilder().header("Cookie", cookie).header("Origin", origin)
          .buildAsync(ws, new Watcher()).get(30, TimeUnit.SECONDS);
      socket.sendText("{\"get\": []}", true).join();
      sockets.add(socket);
    }
    Thread.sleep(2000);
    frames.set(0);

    long start = System.nanoTime();
    var started = http.send(HttpRequest.newBuilder(base.toURI().resolve(
            "api/bench?jobs=" + JOBS + "&updates=" + UPDATES + "&gapMillis=" + GAP_MILLIS))
        .header("Authorization", ItAccounts.basic("alice"))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    if (started.statusCode() != 200) {
      throw new IllegalStateException("bench jobs not started: " + started.body());
    }
    long expected = (long) CLIENTS * JOBS * UPDATES;
    // per job and client: add, Running, the updates and Success
    long allFrames = (long) CLIENTS * JOBS * (UPDATES + 3);
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (frames.get() < allFrames && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    sockets.forEach(s -> s.sendClose(WebSocket.NORMAL_CLOSURE, "done"));

    List<Long> sorted = new ArrayList<>(latencies);
    sorted.sort(null);
    String report = String.format(Locale.ROOT,
        "moi live benchmark: %d clients, %d jobs x %d status updates (every %d ms)%n"
            + "update frames with a timed status: %d (%d status updates x clients; an update frame carries the node's"
            + " state when it is sent, so a late frame shows a newer status); frames delivered: %d in %.1f s = %.0f frames/s%n"
            + "latency statusUpdate -> frame at client: p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
        CLIENTS, JOBS, UPDATES, GAP_MILLIS, sorted.size(), expected, frames.get(), seconds,
        frames.get() / seconds, percentile(sorted, 50), percentile(sorted, 99),
        sorted.isEmpty() ? Double.NaN : sorted.get(sorted.size() - 1) / 1000.0);
    System.out.print(report);
    Files.writeString(Path.of(System.getProperty("it.redis.dir"), "bench.txt"), report);
  }

  private static double percentile(List<Long> sorted, int p) {
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, index)) / 1000.0;
  }
}
