package io.moi.jobs.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.moi.jobs.entity.JobStatus;
import io.moi.tree.entity.Info;
import io.moi.tree.entity.Lineage;
import jakarta.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunningJobTest {

  private static RunningJob queued() {
    var group = Info.newGroup("group-1", "group", "no-user", io.moi.tree.entity.Dates.now());
    var info = Info.newJob("job-1", "job", "group-1", "default", null, io.moi.tree.entity.Dates.now());
    // No Redis: these steps decide an end without writing it.
    return new RunningJob(info, new Lineage(List.of("group-1"), group), null);
  }

  @Test
  void aJobTheServerStopsCannotRecordItsOwnEndAfterwards() {
    var job = queued();
    assertThat(job.stopByServer()).isTrue();
    assertThat(job.ending(JobStatus.FAILED, Json.createValue("Killed by signal 15 (SIGTERM): sleep 90")))
        .isNull();
    var stopped = job.stoppedByServer(Json.createValue("The server stopped before the job finished"));
    assertThat(stopped.status()).isEqualTo(JobStatus.FAILED);
    assertThat(stopped.result()).hasToString("\"The server stopped before the job finished\"");
  }

  @Test
  void aJobWhoseEndIsDecidedIsNotStoppedByTheServer() {
    var job = queued();
    assertThat(job.ending(JobStatus.FAILED, Json.createValue("crashed"))).isNotNull();
    assertThat(job.stopByServer()).isFalse();
    assertThat(job.ending(JobStatus.FAILED, Json.createValue("again"))).isNull();
  }
}
