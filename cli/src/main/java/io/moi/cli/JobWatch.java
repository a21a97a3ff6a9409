package io.moi.cli;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Waits for a job to end with the server's long poll: each request returns when the status changes,
 * so there is one request per change and none in between.
 */
final class JobWatch {

  static final Duration WAIT = Duration.ofSeconds(30);

  // A server that answers at once with an unchanged status (one that ignores `wait`) must not
  // turn the wait into a busy loop: never ask again sooner than this.
  static final Duration SHORTEST_ROUND = Duration.ofMillis(500);

  private final MoiClient api;

  JobWatch(MoiClient api) {
    this.api = api;
  }

  /** The job's final info object; {@code onChange} hears each new status as it happens. */
  JsonObject untilEnd(JsonObject info, Consumer<String> onChange) {
    String id = JsonText.string(info, "id");
    String status = JsonText.string(info, "status");
    while (!ended(status)) {
      long started = System.nanoTime();
      info =
          api.infoAfter(id, status, WAIT).orElseThrow(() -> new CliException("Job ID not found"));
      String now = JsonText.string(info, "status");
      if (Objects.equals(now, status)) {
        pauseRestOf(SHORTEST_ROUND, started);
      } else {
        status = now;
        onChange.accept(status);
      }
    }
    return info;
  }

  static boolean ended(String status) {
    return "Success".equals(status) || "Failed".equals(status);
  }

  private static void pauseRestOf(Duration round, long startedNanos) {
    long left = round.toNanos() - (System.nanoTime() - startedNanos);
    if (left > 0) {
      try {
        Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CliException("interrupted while waiting for the job to end", 130);
      }
    }
  }
}
