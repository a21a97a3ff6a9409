package io.moi.bench;

import io.moi.ItAccounts;
import io.moi.ItRedis;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The live-update benchmark (bin/moi-bench): many websocket clients watch one user's tree while
 * jobs post status updates; prints the latency from each statusUpdate call to the frame at the
 * clients, and the frames delivered per second. Prints numbers; asserts nothing timed.
 */
@ExtendWith(ArquillianExtension.class)
class LiveBench {

  private static final int CLIENTS = Integer.getInteger("bench.clients", 200);
  private static final int JOBS = Integer.getInteger("bench.jobs", 10);
  private static final int UPDATES = Integer.getInteger("bench.updates", 50);
  private static final int GAP_MILLIS = Integer.getInteger("bench.gap-millis", 100);
  private static final int WARMUP = Integer.getInteger("bench.warmup", 50);

  @Deployment(testable = false)
  static WebArchive deployment() {
    return ItAccounts.builtWar().addClass(BenchResource.class);
  }

  @ArquillianResource URL base;

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();
  private final AtomicLong frames = new AtomicLong();
  // Filled by the reader thread only, preallocated: the load generator must not make garbage
  // whose collection pauses would show up as server latency.
  private final long[] latencies = new long[CLIENTS * JOBS * Math.max(UPDATES, WARMUP) + 1];
  private final long[] arrivals = new long[latencies.length];
  private final int[] clients = new int[latencies.length];
  private final int[] updates = new int[latencies.length];
  private volatile int timed;
  // "client job" for every job whose Success reached a client: a round is over when all have
  private final Set<String> finished = ConcurrentHashMap.newKeySet();

  private static final byte[] STAMP = "\"status\":\"t=".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SUCCESS =
      "\"status\":\"Success\"".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] ID = "\"id\":\"".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] UPDATE = "{\"update\"".getBytes(StandardCharsets.US_ASCII);

  /** On the reader thread: counts the frame and times it if it carries a stamped status. */
  private void received(byte[] bytes, int offset, int length, int client) {
    long now = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
    frames.incrementAndGet();
    if (!startsWith(bytes, offset, length, UPDATE)) {
      return;
    }
    if (indexOf(bytes, offset, length, SUCCESS) >= 0) {
      int id = indexOf(bytes, offset, length, ID) + ID.length;
      finished.add(client + " " + new String(bytes, id, 36, StandardCharsets.US_ASCII));
      return;
    }
    int at = indexOf(bytes, offset, length, STAMP);
    int n = timed;
    if (at < 0 || n >= latencies.length) {
      return;
    }
    int[] read = {at + STAMP.length};
    long stamp = number(bytes, read);
    read[0] += 3; // " u="
    latencies[n] = now - stamp;
    arrivals[n] = now;
    clients[n] = client;
    updates[n] = (int) number(bytes, read);
    timed = n + 1;
  }

  private static boolean startsWith(byte[] bytes, int offset, int length, byte[] prefix) {
    return length >= prefix.length
        && Arrays.equals(bytes, offset, offset + prefix.length, prefix, 0, prefix.length);
  }

  private static int indexOf(byte[] bytes, int offset, int length, byte[] wanted) {
    for (int i = offset, end = offset + length - wanted.length; i <= end; i++) {
      if (Arrays.equals(bytes, i, i + wanted.length, wanted, 0, wanted.length)) {
        return i;
      }
    }
    return -1;
  }

  private static long number(byte[] bytes, int[] position) {
    long value = 0;
    int i = position[0];
    while (bytes[i] >= '0' && bytes[i] <= '9') {
      value = value * 10 + (bytes[i++] - '0');
    }
    position[0] = i;
    return value;
  }

  @Test
  void statusUpdatesReachManyClients() throws Exception {
    ItAccounts.write();
    String cookie = ItAccounts.login(http, base.toURI(), "alice");
    String origin = base.getProtocol() + "://" + base.getHost() + ":" + base.getPort();
    URI ws = URI.create(base.toString().replaceFirst("^http", "ws") + "moi-ws/");

    long heapBefore = heap();
    try (var sockets = new RawSockets(this::received)) {
      long opening = System.nanoTime();
      for (int i = 0; i < CLIENTS; i++) {
        sockets.sendText(sockets.open(ws, cookie, origin), "{\"get\": []}");
      }
      double openSeconds = (System.nanoTime() - opening) / 1e9;
      sockets.start();
      // Every client has its answer to "get" (the tree is empty: one frame each) before the
      // heap is measured; each client holds a connection that has done what a page does first.
      long answered = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
      while (frames.get() < CLIENTS && System.nanoTime() < answered) {
        Thread.sleep(50);
      }
      long answers = frames.get();
      Thread.sleep(2000);
      long heapAfter = heap();
      String connections =
          String.format(
              Locale.ROOT,
              "connections: %d opened in %.1f s, %d answered their first get; server heap in use"
                  + " after full collections: %.1f MB before, %.1f MB with them open = %.1f KB per"
                  + " connection (heap limit %s)%n",
              CLIENTS,
              openSeconds,
              answers,
              heapBefore / 1048576.0,
              heapAfter / 1048576.0,
              (heapAfter - heapBefore) / 1024.0 / CLIENTS,
              System.getProperty("it.server.opts", "-Xmx512m"));
      System.out.print(connections);

      // Both JVMs compile their hot paths during a first, unmeasured round.
      if (WARMUP > 0) {
        run(WARMUP);
      }
      timed = 0;
      long cpuBefore = Long.parseLong(get("api/bench/cpu"));
      RedisUse redisBefore = RedisUse.read(ItRedis::info);
      double seconds = run(UPDATES);
      long cpu = Long.parseLong(get("api/bench/cpu")) - cpuBefore;
      RedisUse redis = RedisUse.read(ItRedis::info).since(redisBefore);
      long statusUpdates = (long) JOBS * UPDATES;

      int count = timed;
      String calls = get("api/bench");
      List<Long> sorted = new ArrayList<>(count);
      List<String> raw = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        sorted.add(latencies[i]);
        raw.add(arrivals[i] + " " + clients[i] + " u=" + updates[i] + " " + latencies[i]);
      }
      sorted.sort(null);
      String report =
          connections
              + String.format(
                  Locale.ROOT,
                  "moi live benchmark: %d clients, %d jobs x %d status updates (every %d ms), after a warm-up round of %d%n"
                      + "update frames with a timed status: %d (%d status updates x clients; an update frame carries the node's"
                      + " state when it is sent, so a late frame shows a newer status); frames delivered: %d in %.1f s = %.0f frames/s%n"
                      + "latency statusUpdate -> frame at client: p50 %.2f ms, p99 %.2f ms, max %.2f ms%n"
                      + "statusUpdate call (stored in Redis, frames queued): %s%n"
                      + "CPU: server %.2f s per 1000 status updates (%.1f µs per frame delivered),"
                      + " Redis %.3f s per 1000; Redis commands per status update %.1f (%s)%n",
                  CLIENTS,
                  JOBS,
                  UPDATES,
                  GAP_MILLIS,
                  WARMUP,
                  sorted.size(),
                  (long) CLIENTS * JOBS * UPDATES,
                  frames.get(),
                  seconds,
                  frames.get() / seconds,
                  percentile(sorted, 50),
                  percentile(sorted, 99),
                  sorted.isEmpty() ? Double.NaN : sorted.get(sorted.size() - 1) / 1000.0,
                  calls,
                  cpu / 1e9 / statusUpdates * 1000,
                  cpu / 1e3 / Math.max(1, frames.get()),
                  redis.cpuSeconds() / statusUpdates * 1000,
                  redis.commands() / (double) statusUpdates,
                  redis.perCommand(statusUpdates));
      System.out.print(report);
      Path dir = Path.of(System.getProperty("it.redis.dir"));
      Files.writeString(dir.resolve("bench.txt"), report);
      // one line per timed frame: arrival (µs since the epoch), client, update, latency (µs)
      Files.write(dir.resolve("bench-latencies.txt"), raw);
    }
  }

  /** The server's heap in use after full collections, in bytes (see BenchResource#heap). */
  private long heap() throws Exception {
    return Long.parseLong(get("api/bench/heap").trim());
  }

  /**
   * Runs JOBS jobs of {@code updates} status updates; returns the seconds until all frames came.
   */
  private double run(int updates) throws Exception {
    frames.set(0);
    finished.clear();
    long start = System.nanoTime();
    var started =
        http.send(
            HttpRequest.newBuilder(
                    base.toURI()
                        .resolve(
                            "api/bench?jobs="
                                + JOBS
                                + "&updates="
                                + updates
                                + "&gapMillis="
                                + GAP_MILLIS))
                .header("Authorization", ItAccounts.basic("alice"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (started.statusCode() != 200) {
      throw new IllegalStateException("bench jobs not started: " + started.body());
    }
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (finished.size() < CLIENTS * JOBS && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    return (System.nanoTime() - start) / 1e9;
  }

  private String get(String path) throws Exception {
    var answer =
        http.send(
            HttpRequest.newBuilder(base.toURI().resolve(path))
                .header("Authorization", ItAccounts.basic("alice"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() != 200) {
      throw new IllegalStateException(path + ": " + answer.statusCode() + " " + answer.body());
    }
    return answer.body();
  }

  private static double percentile(List<Long> sorted, int p) {
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, index)) / 1000.0;
  }
}
