package io.moi.jobs.control;

import static io.moi.jobs.control.TestJobBeans.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.moi.LocalRedis;
import io.moi.Settings;
import io.moi.cluster.control.TestQueues;
import io.moi.cluster.entity.Work;
import io.moi.jobs.entity.JobStatus;
import io.moi.redis.RedisKeys;
import io.moi.tree.entity.Dates;
import io.moi.tree.entity.Info;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A server takes portable jobs from the queue as it has room, and hands them back as it stops. */
class ClusterNodeTest {

  @RegisterExtension static final LocalRedis REDIS = new LocalRedis();

  @RegisterExtension static final Engine ENGINE = new Engine(REDIS, 2);

  @TempDir Path dir;

  private void start(Settings settings) {
    ENGINE.start(settings);
  }

  private String submit(String command) {
    String id = "job-" + UUID.randomUUID();
    ENGINE.portable.enqueue(
        Info.newJob(id, "test", "root", "default", null, Dates.now()),
        Engine.UNDER_ROOT,
        Work.code(id, "system", command, Engine.UNDER_ROOT));
    return id;
  }

  private String status(String id) {
    return ENGINE.nodes.find(id).map(Info::status).orElse("missing");
  }

  @Test
  void queuedCodeJobsRunToTheirEndAndLeaveNothingInTheQueue() throws Exception {
    start(TestJobBeans.defaultSettings().set("moi.node.id", "ENGINE.node-a"));
    List<String> ids = List.of(submit("echo one"), submit("echo two"), submit("exit 3"));

    eventually(
        () -> ids.stream().allMatch(id -> JobStatus.isTerminal(status(id))), "every job ends");

    assertThat(ids).extracting(this::status).containsExactly("Success", "Success", "Failed");
    assertThat(ENGINE.nodes.find(ids.get(0)).orElseThrow().result().toString()).contains("one");
    assertThat(TestQueues.queue(REDIS.client()).depth("default")).isZero();
  }

  @Test
  void aServerTakesOnlyAsManyJobsAsItHasSlotsAndLeavesTheRestWaiting() throws Exception {
    start(
        TestJobBeans.defaultSettings()
            .set("moi.node.id", "ENGINE.node-a")
            .set("moi.context.default.slots", "1"));
    String first = submit("sleep 30");
    String second = submit("sleep 30");

    eventually(() -> "Running".equals(status(first)), "the first job runs");
    Thread.sleep(1500); // a dispatcher with a second slot would have taken the second by now

    assertThat(status(second)).isEqualTo("Queued");
    assertThat(TestQueues.queue(REDIS.client()).heldByNode("default"))
        .containsEntry("ENGINE.node-a", 1L);
    assertThat(TestQueues.queue(REDIS.client()).depth("default")).isEqualTo(2);
  }

  @Test
  void aStoppingServerHandsItsRunningJobBackAndStopsItsProcess() throws Exception {
    start(TestJobBeans.defaultSettings().set("moi.node.id", "ENGINE.node-a"));
    Path pid = dir.resolve("pid");
    String id = submit("echo $$ > " + pid + "; exec sleep 30");
    eventually(() -> Files.exists(pid) && "Running".equals(status(id)), "the job runs");
    long process = Long.parseLong(Files.readString(pid).trim());

    TestJobBeans.stop(ENGINE.node);
    ENGINE.node = null;

    assertThat(status(id)).isEqualTo("Queued");
    assertThat(ProcessHandle.of(process).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    var queue = TestQueues.queue(REDIS.client(), ENGINE.connections);
    assertThat(queue.heldByNode("default")).isEmpty();
    try (var reader = queue.reader(100)) {
      assertThat(queue.take(reader, "default", "other", 10, 100))
          .singleElement()
          .satisfies(
              d ->
                  assertThat(d.work().restartNote())
                      .isEqualTo("Running again: server ENGINE.node-a stopped"));
    }
    assertThat(REDIS.client().exists(RedisKeys.node("ENGINE.node-a"))).isFalse();
  }

  @Test
  void jobsTheExecutorRefusesGoBackToTheQueueUnrun() throws Exception {
    ENGINE.executor.shutdown(); // refuses every task from now on
    start(TestJobBeans.defaultSettings().set("moi.node.id", "ENGINE.node-a"));
    String id = submit("echo ran");

    Thread.sleep(1500); // taken, refused and handed back several times by now
    assertThat(status(id)).isEqualTo("Queued");
    assertThat(TestQueues.queue(REDIS.client()).depth("default")).isEqualTo(1);
    assertThat(ENGINE.nodes.find(id).orElseThrow().dateStart()).isNull();
  }

  @Test
  void aServerAnnouncesItselfWithWhatItRuns() throws Exception {
    start(TestJobBeans.defaultSettings().set("moi.node.id", "ENGINE.node-a"));
    String id = submit("sleep 30");
    eventually(() -> "Running".equals(status(id)), "the job runs");

    eventually(
        () -> {
          String beat = REDIS.client().get(RedisKeys.node("ENGINE.node-a"));
          return beat != null && beat.contains(id) && beat.contains("\"busy\":1");
        },
        "the heartbeat lists the job");
    assertThat(REDIS.client().pttl(RedisKeys.node("ENGINE.node-a"))).isBetween(1L, 10_000L);
    assertThat(REDIS.client().zrange(RedisKeys.NODES, 0, -1)).contains("ENGINE.node-a");
  }
}
