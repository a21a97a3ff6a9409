package io.moi.bench;

import io.moi.ItAccounts;
import io.moi.ItRedis;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The REST benchmark (bin/moi-bench rest): jobs through the REST API as a client program sends
 * them, from BENCH_REST_THREADS client threads (default 8), each with its own keep-alive HTTP/1.1
 * client and HTTP Basic auth. Five rounds: GET /api/me (what any authenticated request costs),
 * submissions only (system jobs to a one-slot context, counting the 201s), then system, java and
 * python jobs end to end (submitted, then followed with the long poll until they end). Prints one
 * row per round: jobs per second, latency, 503s, Redis commands per job and CPU per 1000 jobs of
 * the server, of the job processes it started and of Redis. Asserts nothing timed.
 */
@ExtendWith(ArquillianExtension.class)
class RestBench {

  private static final int JOBS = Integer.getInteger("bench.rest-jobs", 3000);
  private static final int PYTHON_JOBS = Integer.getInteger("bench.rest-python-jobs", 1000);
  private static final int THREADS = Integer.getInteger("bench.rest-threads", 8);
  private static final int WARMUP = Integer.getInteger("bench.rest-warmup", 20_000);
  private static final List<String> ROUNDS =
      List.of(System.getProperty("bench.rest-rounds", "me,submit,system,java,python").split(","));
  private static final String USER = "alice";
  private static final Duration JOB_DEADLINE = Duration.ofMinutes(5);

  @Deployment(testable = false)
  static WebArchive deployment() {
    return ItAccounts.builtWar();
  }

  @BeforeAll
  static void accounts() throws Exception {
    ItAccounts.write();
  }

  @ArquillianResource URL base;

  /** The clients' connections, one each, kept open from round to round. */
  private final List<HttpClient> clients = new ArrayList<>();

  /** For the benchmark's own requests between rounds. */
  private final HttpClient control = newClient();

  private static HttpClient newClient() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10))
        .build();
  }

  /** One round's outcome, as the clients saw it. */
  private static final class Tally {
    final AtomicInteger accepted = new AtomicInteger();
    final AtomicInteger refused = new AtomicInteger();
    final AtomicInteger otherAnswers = new AtomicInteger();
    final AtomicInteger failed = new AtomicInteger();
    final AtomicInteger stuck = new AtomicInteger();
    final AtomicReference<String> firstError = new AtomicReference<>();
    final List<Long> latencies = Collections.synchronizedList(new ArrayList<>());

    void error(String what) {
      otherAnswers.incrementAndGet();
      firstError.compareAndSet(null, what);
    }
  }

  /**
   * What one round sends: a job body, and whether each job is followed to its end; or, with no
   * cmdType, the request alone (GET /api/me: what any authenticated request costs).
   */
  private record Round(
      String key, String name, String cmdType, String cmd, String context, boolean toEnd) {

    boolean submits() {
      return cmdType != null;
    }
  }

  @Test
  void jobsThroughTheRestApi() throws Exception {
    var rounds =
        List.of(
                new Round("me", "GET /api/me (no job)", null, null, null, false),
                new Round("submit", "submit only (system `true`)", "system", "true", "tiny", false),
                new Round("system", "system `true`, end to end", "system", "true", "default", true),
                new Round(
                    "java", "java `return 1;`, end to end", "java", "return 1;", "default", true),
                new Round(
                    "python",
                    "python `return 1`, end to end",
                    "python",
                    "return 1",
                    "default",
                    true))
            .stream()
            .filter(round -> ROUNDS.contains(round.key()))
            .toList();
    for (int t = 0; t < THREADS; t++) {
      clients.add(newClient());
    }
    OptionalLong pid = serverPid();
    var report =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "REST benchmark: %d client threads, each its own keep-alive HTTP/1.1 client with"
                    + " Basic auth (%s); %d jobs a round (python end to end %d), after %d"
                    + " uncounted of each round (end to end a quarter, python at most 1000); server pid %s\n",
                THREADS,
                USER,
                JOBS,
                PYTHON_JOBS,
                WARMUP,
                pid.isPresent() ? String.valueOf(pid.getAsLong()) : "not found (no CPU figures)"));
    report.append(
        "| round | jobs | jobs/s | p50 ms | p99 ms | 503 | other answers | ended Failed | not"
            + " ended | Redis commands per job | CPU s per 1000 jobs: server, its job processes,"
            + " Redis | load average (1 min) after |\n");
    report.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (Round round : rounds) {
      boolean pythonToEnd = round.key().equals("python");
      int count = pythonToEnd ? PYTHON_JOBS : JOBS;
      // A server's compiler takes tens of thousands of requests to settle. Jobs end to end come
      // after the rounds of plain requests and are slower: a quarter as many warm them up, and
      // fewer still of python's, a process each.
      int warmup = round.toEnd() ? WARMUP / 4 : WARMUP;
      run(round, pythonToEnd ? Math.min(warmup, 1000) : warmup, pid);
      String row = run(round, count, pid);
      System.out.println(row);
      report.append(row).append('\n');
    }
    report.append(
        "Latency: submit round trip for the submit-only round, else from the submission to the"
            + " long poll's answer with Success or Failed. The submit-only round's jobs go to the"
            + " one-slot context `tiny`, so that few run meanwhile; those left are cancelled"
            + " afterwards, uncounted.\n");
    System.out.print(report);
    Files.writeString(
        Path.of("target/bench.txt"),
        report,
        StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING);
  }

  private String run(Round round, int count, OptionalLong pid) throws Exception {
    String group = round.submits() ? createGroup("rest bench " + round.cmdType()) : null;
    String body =
        !round.submits()
            ? null
            : Json.createObjectBuilder()
                .add("cmd", round.cmd())
                .add("cmdType", round.cmdType())
                .add("context", round.context())
                .add("parent", group)
                .build()
                .toString();
    var tally = new Tally();
    var next = new AtomicInteger();
    RedisUse redisBefore = RedisUse.read(ItRedis::info);
    long[] cpuBefore = cpuTicks(pid);
    long start = System.nanoTime();
    List<Thread> threads = new ArrayList<>();
    for (HttpClient http : clients) {
      Runnable work =
          round.submits()
              ? () -> client(http, body, round.toEnd(), count, next, tally)
              : () -> asks(http, count, next, tally);
      var thread = new Thread(work, "rest client");
      thread.start();
      threads.add(thread);
    }
    for (Thread thread : threads) {
      thread.join();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    long[] cpuAfter = cpuTicks(pid);
    RedisUse redis = RedisUse.read(ItRedis::info).since(redisBefore);
    double redisCpu = redis.cpuSeconds();
    long commands = redis.commands();
    if (round.submits() && !round.toEnd()) {
      settle(group, round.context());
    }
    int jobs = tally.accepted.get();
    var sorted = new ArrayList<>(tally.latencies);
    sorted.sort(null);
    double ticks = clockTicks();
    String cpu =
        pid.isPresent()
            ? String.format(
                Locale.ROOT,
                "%.2f, %.2f",
                (cpuAfter[0] - cpuBefore[0]) / ticks / jobs * 1000,
                (cpuAfter[1] - cpuBefore[1]) / ticks / jobs * 1000)
            : "n/a, n/a";
    return String.format(
        Locale.ROOT,
        "| %s | %d | %.0f | %.1f | %.1f | %d | %d%s | %d | %d | %.1f | %s, %.2f | %s |",
        round.name(),
        jobs,
        jobs / seconds,
        percentile(sorted, 0.5),
        percentile(sorted, 0.99),
        tally.refused.get(),
        tally.otherAnswers.get(),
        tally.firstError.get() == null ? "" : " (first: " + tally.firstError.get() + ")",
        tally.failed.get(),
        tally.stuck.get(),
        commands / (double) jobs,
        cpu,
        redisCpu / jobs * 1000,
        loadAverage());
  }

  /** One client thread: its own connection, submitting (and following) jobs until none are left. */
  private void client(
      HttpClient http, String body, boolean toEnd, int count, AtomicInteger next, Tally tally) {
    try {
      while (next.getAndIncrement() < count) {
        long start = System.nanoTime();
        var response =
            http.send(
                request("api/jobs")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 503) {
          tally.refused.incrementAndGet();
          continue;
        }
        if (response.statusCode() != 201) {
          tally.error(response.statusCode() + " " + response.body());
          continue;
        }
        tally.accepted.incrementAndGet();
        JsonObject info = json(response.body());
        if (!toEnd) {
          tally.latencies.add(System.nanoTime() - start);
          continue;
        }
        String status = followToEnd(http, info.getString("id"), info.getString("status"));
        if (status == null) {
          tally.stuck.incrementAndGet();
        } else {
          tally.latencies.add(System.nanoTime() - start);
          if (status.equals("Failed")) {
            tally.failed.incrementAndGet();
          }
        }
      }
    } catch (Exception e) {
      tally.error(e.toString());
    }
  }

  /** One client thread of the round without jobs: GET /api/me until none are left. */
  private void asks(HttpClient http, int count, AtomicInteger next, Tally tally) {
    try {
      while (next.getAndIncrement() < count) {
        long start = System.nanoTime();
        var response =
            http.send(request("api/me").GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
          tally.error(response.statusCode() + " " + response.body());
          continue;
        }
        tally.accepted.incrementAndGet();
        tally.latencies.add(System.nanoTime() - start);
      }
    } catch (Exception e) {
      tally.error(e.toString());
    }
  }

  /**
   * Long-polls the job until it ends ({@code ?until=ended}, one request unless it takes longer than
   * the wait): its last status, or null if it has not ended in time.
   */
  private String followToEnd(HttpClient http, String id, String status) throws Exception {
    long deadline = System.nanoTime() + JOB_DEADLINE.toNanos();
    while (!status.equals("Success") && !status.equals("Failed")) {
      if (System.nanoTime() > deadline) {
        return null;
      }
      var response =
          http.send(
              request("api/info/" + id + "?until=ended&wait=30").GET().build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(
            "long poll of " + id + ": " + response.statusCode() + " " + response.body());
      }
      status = json(response.body()).getString("status");
    }
    return status;
  }

  /**
   * After the submit-only round: cancels what is left of it and waits until its context's queue is
   * empty, so that the next round starts on an idle server.
   */
  private void settle(String group, String context) throws Exception {
    var cancelled =
        control.send(
            request("api/info/" + group + "/cancel")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (cancelled.statusCode() != 202) {
      throw new IllegalStateException("cancel: " + cancelled.statusCode() + " " + cancelled.body());
    }
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (System.nanoTime() < deadline) {
      var nodes =
          control.send(
              HttpRequest.newBuilder(URI.create(base + "api/nodes"))
                  .header("Authorization", ItAccounts.basic("root"))
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      var queue = json(nodes.body()).getJsonObject("queues").getJsonObject(context);
      if (queue == null || queue.getInt("depth") == 0) {
        return;
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("the " + context + " queue did not empty in 2 minutes");
  }

  private String createGroup(String name) throws Exception {
    var response =
        control.send(
            request("api/groups")
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        Json.createObjectBuilder().add("name", name).build().toString()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 201) {
      throw new IllegalStateException(response.statusCode() + " " + response.body());
    }
    return json(response.body()).getString("id");
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(base + path))
        .timeout(Duration.ofSeconds(60))
        .header("Authorization", ItAccounts.basic(USER));
  }

  private static JsonObject json(String text) {
    try (var reader = Json.createReader(new StringReader(text))) {
      return reader.readObject();
    }
  }

  private static double percentile(List<Long> sorted, double p) {
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    return sorted.get(Math.max(0, (int) Math.ceil(sorted.size() * p) - 1)) / 1e6;
  }

  /**
   * The Payara Micro process the tests started: the one whose command line names payara-micro and
   * this build's Redis (other builds on the machine have Redis servers of their own).
   */
  private static OptionalLong serverPid() {
    String redis = "-Dredis.url=redis://" + ItRedis.HOST + ":" + ItRedis.port();
    try (var processes = Files.list(Path.of("/proc"))) {
      for (Path process : processes.toList()) {
        String name = process.getFileName().toString();
        if (!name.chars().allMatch(Character::isDigit)) {
          continue;
        }
        try {
          List<String> args =
              List.of(
                  new String(Files.readAllBytes(process.resolve("cmdline")), StandardCharsets.UTF_8)
                      .split("\0"));
          if (args.contains(redis) && args.stream().anyMatch(a -> a.contains("payara-micro"))) {
            return OptionalLong.of(Long.parseLong(name));
          }
        } catch (java.io.IOException gone) {
          // the process ended while we looked, or is not ours to read
        }
      }
    } catch (java.io.IOException noProc) {
      return OptionalLong.empty();
    }
    return OptionalLong.empty();
  }

  /**
   * The server's CPU time in clock ticks from /proc/<pid>/stat: its own (utime + stime) and that of
   * the child processes it has waited for (cutime + cstime), i.e. its python and system jobs.
   */
  private static long[] cpuTicks(OptionalLong pid) throws Exception {
    if (pid.isEmpty()) {
      return new long[2];
    }
    long[] server = ticks(pid.getAsLong());
    long processes = server[1];
    // A child still running (the warm python interpreter) holds the CPU of the processes it has
    // forked and reaped, and its own: not yet in the server's.
    for (var child :
        (Iterable<ProcessHandle>)
            ProcessHandle.of(pid.getAsLong()).orElseThrow().children()::iterator) {
      long[] own = ticks(child.pid());
      processes += own[0] + own[1];
    }
    return new long[] {server[0], processes};
  }

  /** A process's own CPU ticks and those of its reaped children (user and system each). */
  private static long[] ticks(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      // Fields after the command name in parentheses, starting at field 3 (state).
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return new long[] {
        Long.parseLong(fields[11]) + Long.parseLong(fields[12]),
        Long.parseLong(fields[13]) + Long.parseLong(fields[14])
      };
    } catch (java.io.IOException e) {
      return new long[2]; // gone meanwhile
    }
  }

  /** The machine's load average over the last minute: other work beside the benchmark shows. */
  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (java.io.IOException e) {
      return "n/a";
    }
  }

  private static double clockTicks() {
    try {
      var process = new ProcessBuilder("getconf", "CLK_TCK").start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (process.waitFor() == 0) {
        return Double.parseDouble(out.trim());
      }
    } catch (Exception e) {
      // fall through to Linux's usual value
    }
    return 100;
  }
}
