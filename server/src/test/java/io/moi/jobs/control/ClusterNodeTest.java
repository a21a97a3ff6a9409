package io.moi.jobs.control;

import static io.moi.jobs.control.TestJobBeans.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.moi.Bindings;
import io.moi.LocalRedis;
import io.moi.PlainExecutor;
import io.moi.Settings;
import io.moi.cluster.control.TestQueues;
import io.moi.cluster.entity.Work;
import io.moi.jobs.entity.JobStatus;
import io.moi.redis.Redis;
import io.moi.redis.RedisKeys;
import io.moi.redis.TestRedis;
import io.moi.tree.control.Nodes;
import io.moi.tree.control.TestNodes;
import io.moi.tree.entity.Dates;
import io.moi.tree.entity.Info;
import io.moi.tree.entity.Lineage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A server takes portable jobs from the queue as it has room, and hands them back as it stops. */
class ClusterNodeTest {

  @RegisterExtension static final LocalRedis REDIS = new LocalRedis();

  private static final Info ROOT = Info.newGroup("root", "alice", null, "2026-03-01 12:00:00.000000");
  private static final Lineage UNDER_ROOT = new Lineage(List.of("root"), ROOT);

  @TempDir Path dir;

  private Redis connections;
  private PlainExecutor scheduler;
  private PlainExecutor executor;
  private Nodes nodes;
  private ClusterNode node;
  private PortableJobs portable;

  @BeforeAll
  static void bindExecutors() {
    Bindings.install();
  }

  @AfterAll
  static void unbindExecutors() {
    Bindings.uninstall();
  }

  @BeforeEach
  void open() {
    connections = TestRedis.open(REDIS.url());
    scheduler = new PlainExecutor(2);
    executor = new PlainExecutor(4);
    Bindings.bind("concurrent/moi-default", executor);
    nodes = TestNodes.open(REDIS.client(), connections, scheduler);
    REDIS.client().set("root", ROOT.toJson());
  }

  @AfterEach
  void close() throws InterruptedException {
    if (node != null) {
      TestJobBeans.stop(node);
    }
    for (var pool : List.of(executor, scheduler)) {
      pool.shutdownNow();
      pool.awaitTermination(30, TimeUnit.SECONDS);
    }
    TestRedis.close(connections);
  }

  private void start(Settings settings) {
    var nodeSettings = TestJobBeans.nodeSettings(settings);
    var codeJobs = TestJobBeans.codeJobs(settings);
    var runner = TestJobBeans.runner(nodes, codeJobs, scheduler, REDIS.client(), nodeSettings);
    portable = TestJobBeans.portable(nodes, REDIS.client(), nodeSettings);
    node = TestJobBeans.startedNode(runner, TestJobBeans.contexts(settings), nodes, REDIS.client(),
        connections, scheduler);
  }

  private String submit(String command) {
    String id = "job-" + UUID.randomUUID();
    portable.enqueue(Info.newJob(id, "test", "root", "default", null, Dates.now()), UNDER_ROOT,
        Work.code(id, "system", command, UNDER_ROOT));
    return id;
  }

  private String status(String id) {
    return nodes.find(id).map(Info::status).orElse("missing");
  }

  @Test
  void queuedCodeJobsRunToTheirEndAndLeaveNothingInTheQueue() throws Exception {
    start(TestJobBeans.defaultSettings().set("moi.node.id", "node-a"));
    List<String> ids = List.of(submit("echo one"), submit("echo two"), submit("exit 3"));

    eventually(() -> ids.stream().allMatch(id -> JobStatus.isTerminal(status(id))), "every job ends");

    assertThat(ids).extracting(this::status).containsExactly("Success", "Success", "Failed");
    assertThat(nodes.find(ids.get(0)).orElseThrow().result().toString()).contains("one");
    assertThat(TestQueues.queue(REDIS.client()).depth("default")).isZero();
  }

  @Test
  void aServerTakesOnlyAsManyJobsAsItHasSlotsAndLeavesTheRestWaiting() throws Exception {
    start(TestJobBeans.defaultSettings().set("moi.node.id", "node-a").set("moi.context.default.slots", "1"));
    String first = submit("sleep 30");
    String second = submit("sleep 30");

    eventually(() -> "Running".equals(status(first)), "the first job runs");
    Thread.sleep(1500); // a dispatcher with a second slot would have taken the second by now

    assertThat(status(second)).isEqualTo("Queued");
    assertThat(TestQueues.queue(REDIS.client()).heldByNode("default")).containsEntry("node-a", 1L);
    assertThat(TestQueues.queue(REDIS.client()).depth("default")).isEqualTo(2);
  }

  @Test
  void aStoppingServerHandsItsRunningJobBackAndStopsItsProcess() throws Exception {
    start(TestJobBeans.defaultSettings().set("moi.node.id", "node-a"));
    Path pid = dir.resolve("pid");
    String id = submit("echo $$ > " + pid + "; exec sleep 30");
    eventually(() -> Files.exists(pid) && "Running".equals(status(id)), "the job runs");
    long process = Long.parseLong(Files.readString(pid).trim());

    TestJobBeans.stop(node);
    node = null;

    assertThat(status(id)).isEqualTo("Queued");
    assertThat(ProcessHandle.of(process).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    var queue = TestQueues.queue(REDIS.client(), connections);
    assertThat(queue.heldByNode("default")).isEmpty();
    try (var reader = queue.reader(100)) {
      assertThat(queue.take(reader, "default", "other", 10, 100)).singleElement()
          .satisfies(d -> assertThat(d.work().restartNote()).isEqualTo("Running again: server node-a stopped"));
    }
    assertThat(REDIS.client().exists(RedisKeys.node("node-a"))).isFalse();
  }

  @Test
  void jobsTheExecutorRefusesGoBackToTheQueueUnrun() throws Exception {
    executor.shutdown(); // refuses every task from now on
    start(TestJobBeans.defaultSettings().set("moi.node.id", "node-a"));
    String id = submit("echo ran");

    Thread.sleep(1500); // taken, refused and handed back several times by now
    assertThat(status(id)).isEqualTo("Queued");
    assertThat(TestQueues.queue(REDIS.client()).depth("default")).isEqualTo(1);
    assertThat(nodes.find(id).orElseThrow().dateStart()).isNull();
  }

  @Test
  void aServerAnnouncesItselfWithWhatItRuns() throws Exception {
    start(TestJobBeans.defaultSettings().set("moi.node.id", "node-a"));
    String id = submit("sleep 30");
    eventually(() -> "Running".equals(status(id)), "the job runs");

    eventually(() -> {
      String beat = REDIS.client().get(RedisKeys.node("node-a"));
      return beat != null && beat.contains(id) && beat.contains("\"busy\":1");
    }, "the heartbeat lists the job");
    assertThat(REDIS.client().pttl(RedisKeys.node("node-a"))).isBetween(1L, 10_000L);
    assertThat(REDIS.client().zrange(RedisKeys.NODES, 0, -1)).contains("node-a");
  }
}
