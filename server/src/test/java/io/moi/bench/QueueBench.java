package io.moi.bench;

import io.moi.ItAccounts;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The queue benchmark (bin/moi-bench queue): no-op jobs end to end on one server, submitted
 * in-process: named-handler jobs through the durable queue and, for comparison, local function
 * jobs. Prints jobs per second, latency, Redis commands and CPU per job; asserts nothing timed.
 */
@ExtendWith(ArquillianExtension.class)
class QueueBench {

  private static final int JOBS = Integer.getInteger("bench.queue-jobs", 20_000);
  private static final int WARMUP = Integer.getInteger("bench.queue-warmup", 5_000);
  private static final String THREADS = System.getProperty("bench.queue-threads", "1,4");

  @Deployment(testable = false)
  static WebArchive deployment() {
    return ItAccounts.builtWar().addClasses(QueueBenchResource.class, RedisUse.class);
  }

  // Without them a fresh build's server knows no alice and every round answers 401.
  @BeforeAll
  static void accounts() throws Exception {
    ItAccounts.write();
  }

  @ArquillianResource URL base;

  private final HttpClient http = HttpClient.newHttpClient();

  private String run(String kind, int jobs, int threads) throws Exception {
    var request =
        HttpRequest.newBuilder(
                URI.create(
                    base
                        + "api/bench/queue?kind="
                        + kind
                        + "&jobs="
                        + jobs
                        + "&threads="
                        + threads))
            .header("Authorization", ItAccounts.basic("alice"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{}"))
            .build();
    var response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(response.statusCode() + " " + response.body());
    }
    return response.body();
  }

  @Test
  void noOpJobsEndToEnd() throws Exception {
    run("handler", WARMUP, 4);
    run("function", WARMUP, 4);
    var report =
        new StringBuilder(
            "queue benchmark ("
                + JOBS
                + " jobs a round, after "
                + WARMUP
                + " uncounted of each kind)\n");
    for (String threads : THREADS.split(",")) {
      for (String kind : new String[] {"handler", "function"}) {
        report.append(run(kind, JOBS, Integer.parseInt(threads.trim()))).append('\n');
      }
    }
    System.out.print(report);
    Files.writeString(
        Path.of("target/bench.txt"),
        report,
        StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING);
  }
}
