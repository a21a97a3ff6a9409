package io.moi.bench;

import io.moi.jobs.boundary.Jobs;
import io.moi.jobs.entity.JobSpec;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.SecurityContext;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Deployed only with the benchmark: starts function jobs that post status updates stamped with the
 * wall-clock time of the {@code statusUpdate} call, in microseconds.
 */
@Path("bench")
public class BenchResource {

  @Inject Jobs jobs;
  @Context SecurityContext security;

  // How long each statusUpdate call held its job, in microseconds (the last round's).
  private static final java.util.Queue<Long> CALLS =
      new java.util.concurrent.ConcurrentLinkedQueue<>();

  @POST
  public String start(
      @QueryParam("jobs") int count,
      @QueryParam("updates") int updates,
      @QueryParam("gapMillis") int gap) {
    String root = jobs.userGroup(security.getUserPrincipal().getName());
    CALLS.clear();
    for (int j = 0; j < count; j++) {
      jobs.submit(
          JobSpec.under(root, "bench " + j),
          (job, args) -> {
            for (int u = 0; u < updates; u++) {
              Thread.sleep(gap);
              long stamp = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
              job.statusUpdate("t=" + stamp + " u=" + u);
              CALLS.add(ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now()) - stamp);
            }
            return updates;
          });
    }
    return "started";
  }

  /**
   * The server's heap in use after full collections, in bytes: what the objects alive take (a
   * collection is asked for until the figure settles, at most five times).
   */
  @GET
  @Path("heap")
  public String heap() {
    var memory = java.lang.management.ManagementFactory.getMemoryMXBean();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      long now = memory.getHeapMemoryUsage().getUsed();
      if (Math.abs(used - now) < 256 * 1024) {
        return String.valueOf(now);
      }
      used = now;
    }
    return String.valueOf(used);
  }

  /** The server process's CPU time so far, in nanoseconds. */
  @GET
  @Path("cpu")
  public String cpu() {
    return String.valueOf(
        ((com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean())
            .getProcessCpuTime());
  }

  /** The statusUpdate call durations of the last round: p50 and p99 in ms. */
  @GET
  public String calls() {
    var sorted = new java.util.ArrayList<>(CALLS);
    sorted.sort(null);
    if (sorted.isEmpty()) {
      return "no calls";
    }
    return String.format(
        java.util.Locale.ROOT,
        "p50 %.2f ms, p99 %.2f ms",
        sorted.get(sorted.size() / 2) / 1000.0,
        sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1) / 1000.0);
  }
}
