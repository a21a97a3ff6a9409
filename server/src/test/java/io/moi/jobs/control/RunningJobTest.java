package io.moi.jobs.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.moi.LocalRedis;
import io.moi.PlainExecutor;
import io.moi.jobs.entity.JobStatus;
import io.moi.redis.Redis;
import io.moi.redis.TestRedis;
import io.moi.tree.control.Nodes;
import io.moi.tree.control.TestNodes;
import io.moi.tree.entity.Info;
import io.moi.tree.entity.Lineage;
import jakarta.json.Json;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RunningJobTest {

  @RegisterExtension static final LocalRedis REDIS = new LocalRedis();

  private static final Info GROUP =
      Info.newGroup("group-1", "group", null, io.moi.tree.entity.Dates.now());

  private Redis connections;
  private PlainExecutor scheduler;
  private Nodes nodes;

  @BeforeEach
  void buildNodes() {
    connections = TestRedis.open(REDIS.url());
    scheduler = new PlainExecutor(1);
    nodes = TestNodes.open(REDIS.client(), connections, scheduler);
  }

  @AfterEach
  void close() {
    scheduler.shutdownNow();
    TestRedis.close(connections);
  }

  private RunningJob queued() {
    var info = Info.newJob("job-1", "job", "group-1", "gpu", null, io.moi.tree.entity.Dates.now());
    nodes.create(info, new Lineage(List.of("group-1"), GROUP));
    return new RunningJob(info, new Lineage(List.of("group-1"), GROUP), nodes);
  }

  private String stored() {
    return nodes.find("job-1").orElseThrow().status();
  }

  @Test
  void aJobsHandleNamesItsIdContextAndParent() {
    var job = queued();
    assertThat(job.id()).isEqualTo("job-1");
    assertThat(job.context()).isEqualTo("gpu");
    assertThat(job.parent()).isEqualTo("group-1");
  }

  @Test
  void aStartedJobsStatusUpdatesAreStoredAndAnswerTheStatusBefore() {
    var job = queued();
    job.start();
    assertThat(stored()).isEqualTo(JobStatus.RUNNING);
    assertThat(job.current().dateStart()).isNotNull();

    assertThat(job.statusUpdate("half way")).isEqualTo(JobStatus.RUNNING);
    assertThat(stored()).isEqualTo("half way");
    assertThat(job.statusUpdate("nearly done")).isEqualTo("half way");
    assertThat(job.current().status()).isEqualTo("nearly done");
    assertThat(stored()).isEqualTo("nearly done");
    assertThat(job.isEnded()).isFalse();
  }

  @Test
  void aQueuedJobTakesNoStatusUpdateAndAJobCannotSetMoisOwnStatuses() {
    var job = queued();
    Throwable early = catchThrowable(() -> job.statusUpdate("half way"));
    assertThat(early)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("job job-1 cannot move from Queued to half way");
    assertThat(stored()).isEqualTo(JobStatus.QUEUED);

    job.start();
    assertThat(catchThrowable(() -> job.statusUpdate(JobStatus.SUCCESS)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(stored()).isEqualTo(JobStatus.RUNNING);
  }

  @Test
  void anEndedJobStaysEnded() {
    var job = queued();
    job.start();
    Info terminal = job.ending(JobStatus.SUCCESS, Json.createValue(15));
    assertThat(terminal.status()).isEqualTo(JobStatus.SUCCESS);
    assertThat(job.isEnded()).isFalse();

    job.record(terminal);

    assertThat(job.isEnded()).isTrue();
    assertThat(job.current()).isEqualTo(terminal);
    assertThat(stored()).isEqualTo(JobStatus.SUCCESS);
    assertThat(nodes.find("job-1").orElseThrow().result()).hasToString("15");
    assertThat(job.stopByServer()).isFalse();
    assertThat(catchThrowable(job::start)).isInstanceOf(IllegalStateException.class);
    assertThat(catchThrowable(() -> job.statusUpdate("again")))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aQueuedJobCanFailButNotSucceed() {
    assertThat(queued().ending(JobStatus.SUCCESS, Json.createValue(1))).isNull();
    assertThat(queued().ending(JobStatus.FAILED, Json.createValue("never started"))).isNotNull();
  }

  @Test
  void aJobTheServerStopsCannotRecordItsOwnEndAfterwards() {
    var job = queued();
    assertThat(job.stopByServer()).isTrue();
    assertThat(
            job.ending(
                JobStatus.FAILED, Json.createValue("Killed by signal 15 (SIGTERM): sleep 90")))
        .isNull();
    var stopped =
        job.stoppedByServer(Json.createValue("The server stopped before the job finished"));
    assertThat(stopped.status()).isEqualTo(JobStatus.FAILED);
    assertThat(stopped.result()).hasToString("\"The server stopped before the job finished\"");
    assertThat(stopped.dateEnd()).isNotNull();
  }

  @Test
  void aJobWhoseEndIsDecidedIsNotStoppedByTheServer() {
    var job = queued();
    assertThat(job.ending(JobStatus.FAILED, Json.createValue("crashed"))).isNotNull();
    assertThat(job.stopByServer()).isFalse();
    assertThat(job.ending(JobStatus.FAILED, Json.createValue("again"))).isNull();
  }
}
