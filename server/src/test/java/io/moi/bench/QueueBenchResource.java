package io.moi.bench;

import io.moi.jobs.boundary.Jobs;
import io.moi.jobs.entity.JobSpec;
import io.moi.jobs.entity.JobStatus;
import io.moi.tree.entity.NodeUpdated;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import redis.clients.jedis.UnifiedJedis;

/**
 * Deployed only with the benchmark: submits no-op jobs in-process through {@link Jobs} (the
 * built-in handler {@code moi.echo} through the durable queue, or a local function) and times each
 * from its submission to its terminal write, which this server's own update events show.
 */
@Path("bench/queue")
@ApplicationScoped
public class QueueBenchResource {

  @Inject Jobs jobs;
  @Inject UnifiedJedis redis;
  @Context SecurityContext security;

  // A job's submission and end times, whichever comes first: a job may end before its
  // submission has returned its ID. The pair is timed and dropped once both are known.
  private final Map<String, long[]> times = new ConcurrentHashMap<>();
  private final List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
  private volatile CountDownLatch ends = new CountDownLatch(0);

  void ended(@Observes NodeUpdated update) {
    if (JobStatus.isTerminal(update.info().status())) {
      mark(update.info().id(), 0, System.nanoTime());
    }
  }

  private void mark(String id, long submittedAt, long endedAt) {
    times.compute(
        id,
        (key, known) -> {
          long start = known == null ? submittedAt : Math.max(known[0], submittedAt);
          long end = known == null ? endedAt : Math.max(known[1], endedAt);
          if (start == 0 || end == 0) {
            return new long[] {start, end};
          }
          latencies.add(end - start);
          ends.countDown();
          return null;
        });
  }

  @POST
  @Produces(MediaType.TEXT_PLAIN)
  public String run(
      @QueryParam("kind") String kind,
      @QueryParam("jobs") int count,
      @QueryParam("threads") int threads)
      throws Exception {
    String root = jobs.userGroup(security.getUserPrincipal().getName());
    String group = jobs.createGroup("queue bench " + kind, root);
    latencies.clear();
    times.clear();
    ends = new CountDownLatch(count);
    RedisUse redisBefore = RedisUse.read(redis::info);
    long cpuBefore = processCpuNanos();
    var next = new AtomicInteger();
    var failures = new AtomicInteger();
    long start = System.nanoTime();
    List<Thread> submitters = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread thread =
          new Thread(
              () -> {
                // IDs are left to the server, as most callers do: a chosen one costs a check.
                var spec = JobSpec.under(group, "noop");
                while (next.getAndIncrement() < count) {
                  long at = System.nanoTime();
                  try {
                    mark(
                        "function".equals(kind)
                            ? jobs.submit(spec, (job, args) -> null)
                            : jobs.submitHandler(spec, "moi.echo", null),
                        at,
                        0);
                  } catch (RuntimeException e) {
                    failures.incrementAndGet();
                    ends.countDown();
                  }
                }
              });
      thread.start();
      submitters.add(thread);
    }
    for (Thread thread : submitters) {
      thread.join();
    }
    long submittedAt = System.nanoTime();
    boolean all = ends.await(10, TimeUnit.MINUTES);
    long elapsed = System.nanoTime() - start;
    long cpu = processCpuNanos() - cpuBefore;
    RedisUse redisUse = RedisUse.read(redis::info).since(redisBefore);
    // Refused submissions cost little and run nothing: rates are of the jobs accepted.
    int accepted = Math.max(1, count - failures.get());
    var sorted = new ArrayList<>(latencies);
    sorted.sort(null);
    double seconds = elapsed / 1e9;
    return String.format(
        java.util.Locale.ROOT,
        "%s jobs: %d submitted from %d threads (%d refused), %s; %.0f accepted jobs/s end to end (submitting took %.2f s); "
            + "submit-to-end p50 %.1f ms, p99 %.1f ms; Redis commands per job %.1f (%s); "
            + "CPU s per 1000 jobs: server %.2f, Redis %.2f",
        kind,
        count,
        threads,
        failures.get(),
        all ? "all ended" : "NOT ALL ENDED",
        accepted / seconds,
        (submittedAt - start) / 1e9,
        percentile(sorted, 0.5),
        percentile(sorted, 0.99),
        redisUse.commands() / (double) accepted,
        redisUse.perCommand(accepted),
        cpu / 1e9 / accepted * 1000,
        redisUse.cpuSeconds() / accepted * 1000);
  }

  private static double percentile(List<Long> sorted, double p) {
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    return sorted.get(Math.max(0, (int) Math.ceil(sorted.size() * p) - 1)) / 1e6;
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
