package io.moi.bench;

import io.moi.jobs.boundary.Jobs;
import io.moi.jobs.entity.JobSpec;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.SecurityContext;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Deployed only with the benchmark: starts function jobs that post status updates stamped
 * with the wall-clock time of the {@code statusUpdate} call, in microseconds.
 */
@Path("bench")
public class BenchResource {

  @Inject Jobs jobs;
  @Context SecurityContext security;

  @POST
  public String start(
      @QueryParam("jobs") int count, @QueryParam("updates") int updates, @QueryParam("gapMillis") int gap) {
    String root = jobs.userGroup(security.getUserPrincipal().getName());
    for (int j = 0; j < count; j++) {
      jobs.submit(JobSpec.under(root, "bench " + j), (job, args) -> {
        for (int u = 0; u < updates; u++) {
          Thread.sleep(gap);
          job.statusUpdate("t=" + ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now()) + " u=" + u);
        }
        return updates;
      });
    }
    return "started";
  }
}
