package io.moi.bench;

import io.moi.ItAccounts;
import io.moi.MoiServer;
import io.moi.PersistentRedis;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.StringReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The fault benchmark (bin/moi-bench chaos): BENCH_CHAOS_JOBS system jobs (default 1000) over two
 * servers with the default settings on one Redis with its append-only file on; half-way one server
 * is killed with SIGKILL, and a little later Redis restarts. Each job appends its ID to a file as
 * it starts, so runs are counted outside moi. Prints what was accepted, succeeded, failed (by
 * reason), lost, left stuck and run twice, and the time from the kill to the end of the last job
 * the killed server held. Asserts nothing timed.
 */
class ChaosBench {

  private static final int JOBS = Integer.getInteger("bench.chaos-jobs", 1000);
  private static final Duration DEADLINE = Duration.ofMinutes(10);
  private static final DateTimeFormatter DATES =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSSSSS]");

  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @Test
  void killAServerAndRestartRedisWhileJobsRun() throws Exception {
    ItAccounts.write();
    Path base =
        Path.of(System.getProperty("it.basedir", ".")).toAbsolutePath().resolve("target/chaos");
    Files.createDirectories(base);
    Path runs = base.resolve("runs.txt");
    Files.deleteIfExists(runs);
    Files.createFile(runs);
    try (var redis = PersistentRedis.start(base.resolve("redis"));
        var a = MoiServer.start("chaos-a", redis.url(), Map.of());
        var b = MoiServer.start("chaos-b", redis.url(), Map.of())) {
      long started = System.nanoTime();
      List<String> accepted = submitAll(List.of(a, b), runs);
      double submitSeconds = (System.nanoTime() - started) / 1e9;

      awaitEnded(a, accepted, accepted.size() / 2, Duration.ofMinutes(5));
      LocalDateTime killedAt = LocalDateTime.now();
      long killNanos = System.nanoTime();
      b.kill9();

      awaitEnded(a, accepted, accepted.size() * 3 / 4, Duration.ofMinutes(5));
      long redisDownNanos = System.nanoTime();
      redis.restart();
      double redisRestartSeconds = (System.nanoTime() - redisDownNanos) / 1e9;

      Map<String, JsonObject> infos = awaitEnded(a, accepted, accepted.size(), DEADLINE);
      double allSeconds = (System.nanoTime() - killNanos) / 1e9;

      Map<String, Long> runCounts =
          Files.readAllLines(runs).stream()
              .filter(l -> !l.isBlank())
              .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
      report(accepted, infos, runCounts, killedAt, submitSeconds, redisRestartSeconds, allSeconds);
    }
  }

  private List<String> submitAll(List<MoiServer> servers, Path runs) throws Exception {
    List<String> ids = java.util.Collections.synchronizedList(new ArrayList<>());
    ExecutorService clients = Executors.newFixedThreadPool(8);
    for (int i = 0; i < JOBS; i++) {
      MoiServer server = servers.get(i % servers.size());
      String body =
          Json.createObjectBuilder()
              .add("cmd", "echo \"$MOI_JOB_ID\" >> " + runs + "; sleep 0.3; echo ran")
              .add("cmdType", "system")
              .add("name", "chaos " + i)
              .build()
              .toString();
      clients.execute(
          () -> {
            try {
              var response =
                  send(
                      server,
                      HttpRequest.newBuilder(server.baseUrl().resolve("/api/jobs"))
                          .header("Content-Type", "application/json")
                          .POST(HttpRequest.BodyPublishers.ofString(body)));
              if (response.statusCode() == 201) {
                ids.add(object(response.body()).getString("id"));
              }
            } catch (Exception e) {
              // not accepted: counted as such
            }
          });
    }
    clients.shutdown();
    clients.awaitTermination(5, TimeUnit.MINUTES);
    return new ArrayList<>(ids);
  }

  /**
   * Polls until {@code count} of the jobs are terminal or the time is up; answers every info read.
   */
  private Map<String, JsonObject> awaitEnded(
      MoiServer server, List<String> ids, int count, Duration limit) throws Exception {
    long deadline = System.nanoTime() + limit.toNanos();
    Map<String, JsonObject> infos = new ConcurrentHashMap<>();
    while (true) {
      int ended = 0;
      for (String id : ids) {
        JsonObject known = infos.get(id);
        if (known != null && terminal(known)) {
          ended++;
          continue;
        }
        try {
          var response =
              send(server, HttpRequest.newBuilder(server.baseUrl().resolve("/api/info/" + id)));
          if (response.statusCode() == 200) {
            JsonObject info = object(response.body());
            infos.put(id, info);
            if (terminal(info)) {
              ended++;
            }
          }
        } catch (Exception e) {
          // Redis restarting: read again on the next round
        }
      }
      if (ended >= count || System.nanoTime() > deadline) {
        return infos;
      }
      Thread.sleep(500);
    }
  }

  private void report(
      List<String> accepted,
      Map<String, JsonObject> infos,
      Map<String, Long> runs,
      LocalDateTime killedAt,
      double submitSeconds,
      double redisSeconds,
      double allSeconds)
      throws Exception {
    int succeeded = 0;
    int lost = 0;
    int stuck = 0;
    Map<String, Integer> failedBy = new TreeMap<>();
    for (String id : accepted) {
      JsonObject info = infos.get(id);
      if (info == null) {
        lost++;
      } else if ("Success".equals(info.getString("status"))) {
        succeeded++;
      } else if ("Failed".equals(info.getString("status"))) {
        var result = info.get("result");
        String reason =
            result instanceof jakarta.json.JsonArray lines && !lines.isEmpty()
                ? lines.getString(lines.size() - 1).strip()
                : String.valueOf(result);
        failedBy.merge(reason.replaceAll("[0-9a-f-]{36}", "<id>"), 1, Integer::sum);
      } else {
        stuck++;
      }
    }
    long neverRan = accepted.stream().filter(id -> !runs.containsKey(id)).count();
    // A job that started twice was running on the killed server: it ran again elsewhere.
    Set<String> held =
        runs.entrySet().stream()
            .filter(e -> e.getValue() > 1)
            .map(Map.Entry::getKey)
            .collect(Collectors.toSet());
    double recovery = 0;
    for (String id : held) {
      JsonObject info = infos.get(id);
      if (info != null && info.get("date_end") instanceof JsonString end) {
        LocalDateTime ended = LocalDateTime.parse(end.getString(), DATES);
        recovery = Math.max(recovery, Duration.between(killedAt, ended).toMillis() / 1000.0);
      }
    }
    var out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "chaos benchmark: %d system jobs (sleep 0.3 s) over two servers, "
                + "defaults (moi.node.timeout 15s, moi.job.max-stalled 1), Redis with AOF%n",
            JOBS));
    out.append(
        String.format(
            Locale.ROOT,
            "accepted %d of %d (submitted in %.1f s)%n",
            accepted.size(),
            JOBS,
            submitSeconds));
    out.append(String.format(Locale.ROOT, "succeeded %d%n", succeeded));
    out.append(
        String.format(
            Locale.ROOT,
            "failed %d%s%n",
            failedBy.values().stream().mapToInt(i -> i).sum(),
            failedBy.isEmpty() ? "" : ": " + failedBy));
    out.append(String.format(Locale.ROOT, "lost %d (accepted, no info object left)%n", lost));
    out.append(String.format(Locale.ROOT, "stuck %d (Queued or Running at the end)%n", stuck));
    out.append(
        String.format(
            Locale.ROOT,
            "never ran %d; run twice %d (started on the killed server, run again "
                + "on the other as moi.job.max-stalled allows)%n",
            neverRan,
            held.size()));
    out.append(
        String.format(
            Locale.ROOT,
            "kill -9 of one server: the last job it was running ended %.1f s after the kill%n",
            recovery));
    out.append(
        String.format(
            Locale.ROOT,
            "Redis restarted once (%.1f s); every job ended %.1f s after the kill%n",
            redisSeconds,
            allSeconds));
    System.out.print(out);
    Files.writeString(
        Path.of("target/bench.txt"),
        out,
        StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING);
  }

  private HttpResponse<String> send(MoiServer server, HttpRequest.Builder request)
      throws Exception {
    return http.send(
        request
            .header("Authorization", ItAccounts.basic("root"))
            .timeout(Duration.ofSeconds(30))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static boolean terminal(JsonObject info) {
    String status = info.getString("status", "");
    return status.equals("Success") || status.equals("Failed");
  }

  private static JsonObject object(String json) {
    try (var reader = Json.createReader(new StringReader(json))) {
      return reader.readObject();
    }
  }
}
