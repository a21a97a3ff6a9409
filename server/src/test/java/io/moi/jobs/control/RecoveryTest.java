package io.moi.jobs.control;

import static io.moi.jobs.control.TestJobBeans.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.moi.LocalRedis;
import io.moi.PlainExecutor;
import io.moi.cluster.control.Heartbeats;
import io.moi.cluster.control.TestQueues;
import io.moi.cluster.control.WorkQueue;
import io.moi.cluster.entity.Delivery;
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
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A server settles the jobs of servers that stopped heartbeating, and its own leftovers when it
 * starts, in a real Redis. The lost server is played by a consumer that takes work and then falls
 * silent.
 */
class RecoveryTest {

  @RegisterExtension static final LocalRedis REDIS = new LocalRedis();

  private static final Info ROOT =
      Info.newGroup("root", "alice", null, "2026-03-01 12:00:00.000000");
  private static final Lineage UNDER_ROOT = new Lineage(List.of("root"), ROOT);
  private static final String SELF = "live-1";
  private static final String LOST = "lost-1";

  private Redis connections;
  private PlainExecutor scheduler;
  private Nodes nodes;
  private WorkQueue queue;
  private Heartbeats heartbeats;

  @BeforeEach
  void open() {
    connections = TestRedis.open(REDIS.url());
    scheduler = new PlainExecutor(1);
    nodes = TestNodes.open(REDIS.client(), connections, scheduler);
    queue = TestQueues.queue(REDIS.client(), connections);
    heartbeats = TestQueues.heartbeats(REDIS.client());
    REDIS.client().set("root", ROOT.toJson());
    queue.ensureGroup("default");
  }

  @AfterEach
  void close() throws InterruptedException {
    scheduler.shutdownNow();
    scheduler.awaitTermination(30, TimeUnit.SECONDS);
    TestRedis.close(connections);
  }

  private Recovery recovery(int maxStalled) {
    var settings =
        TestJobBeans.nodeSettings(
            TestJobBeans.defaultSettings()
                .set("moi.node.id", SELF)
                .set("moi.job.max-stalled", Integer.toString(maxStalled)));
    var recovery = new Recovery();
    recovery.settings = settings;
    recovery.contexts = TestJobBeans.contexts(TestJobBeans.defaultSettings());
    recovery.queue = queue;
    recovery.heartbeats = heartbeats;
    recovery.nodes = nodes;
    recovery.runner =
        TestJobBeans.runner(
            nodes,
            TestJobBeans.codeJobs(TestJobBeans.defaultSettings()),
            scheduler,
            REDIS.client(),
            settings);
    recovery.redis = connections;
    recovery.marks = TestJobBeans.marks(REDIS.client());
    return recovery;
  }

  /** Submits a system job; it waits in the queue as Queued. */
  private String submit() {
    String id = "job-" + UUID.randomUUID();
    Info queued = Info.newJob(id, "test", "root", "default", null, Dates.now());
    TestJobBeans.portable(
            nodes, REDIS.client(), TestJobBeans.nodeSettings(TestJobBeans.defaultSettings()))
        .enqueue(queued, UNDER_ROOT, Work.code(id, "system", "true", UNDER_ROOT));
    return id;
  }

  /** A server takes the job's entry and, when {@code started}, records the job as Running. */
  private Delivery takenBy(String nodeId, String id, boolean started) {
    heartbeats.beat(nodeId, "{\"id\":\"" + nodeId + "\"}", 60_000);
    List<Delivery> taken;
    try (var reader = queue.reader(100)) {
      taken = queue.take(reader, "default", nodeId, 10, 100);
    }
    assertThat(taken).extracting(d -> d.work().jobId()).containsExactly(id);
    if (started) {
      nodes.update(info(id).started(Dates.now()), UNDER_ROOT);
    }
    return taken.get(0);
  }

  private void falls(String nodeId) {
    REDIS.client().del(RedisKeys.node(nodeId));
  }

  private Info info(String id) {
    return nodes.find(id).orElseThrow();
  }

  /** The entries waiting in the queue, as a new taker sees them. */
  private List<Work> waiting() {
    try (var reader = queue.reader(100)) {
      return queue.take(reader, "default", "reader", 100, 100).stream()
          .map(Delivery::work)
          .toList();
    }
  }

  @Test
  void aJobRunningOnALostServerGoesBackToTheQueueOnceWithTheReason() throws Exception {
    String id = submit();
    takenBy(LOST, id, true);
    falls(LOST);
    Recovery recovery = recovery(1);

    eventually(
        () ->
            recovery.recoverLostServers().contains(LOST)
                && JobStatus.QUEUED.equals(info(id).status()),
        "the lost server's job is queued again");

    Info again = info(id);
    assertThat(again.dateStart()).isNull();
    List<Work> waiting = waiting();
    assertThat(waiting).hasSize(1);
    assertThat(waiting.get(0).stalls()).isEqualTo(1);
    assertThat(waiting.get(0).restartNote())
        .isEqualTo("Running again: server " + LOST + " was lost");
    assertThat(heartbeats.known()).doesNotContain(LOST);
    assertThat(queue.heldByNode("default")).doesNotContainKey(LOST);
  }

  @Test
  void aJobLostMoreOftenThanAllowedEndsFailedSayingItsServerWasLost() throws Exception {
    String id = submit();
    takenBy(LOST, id, true);
    falls(LOST);
    Recovery recovery = recovery(0);

    eventually(
        () -> {
          recovery.recoverLostServers();
          return JobStatus.FAILED.equals(info(id).status());
        },
        "the lost server's job fails");

    assertThat(TestJobBeans.lastLine(info(id)))
        .startsWith("The job was lost: server " + LOST + " was lost while it ran")
        .contains("moi.job.max-stalled is 0");
    assertThat(info(id).dateEnd()).isNotNull();
    assertThat(queue.depth("default")).isZero();
  }

  @Test
  void workALostServerTookButNeverStartedGoesBackAsItWas() throws Exception {
    String id = submit();
    takenBy(LOST, id, false);
    falls(LOST);
    Recovery recovery = recovery(0);

    eventually(
        () -> recovery.recoverLostServers().contains(LOST) && queue.heldByNode("default").isEmpty(),
        "the lost server's entry is handed back");

    assertThat(info(id).status()).isEqualTo(JobStatus.QUEUED);
    List<Work> waiting = waiting();
    assertThat(waiting).extracting(Work::jobId).containsExactly(id);
    assertThat(waiting.get(0).stalls()).isZero();
  }

  @Test
  void theJobsOfAServerThatStillHeartbeatsAreLeftAlone() throws Exception {
    String id = submit();
    takenBy(LOST, id, true);
    Thread.sleep(1100); // older than any claim's idle limit

    assertThat(recovery(1).recoverLostServers()).isEmpty();

    assertThat(info(id).status()).isEqualTo(JobStatus.RUNNING);
    assertThat(queue.heldByNode("default")).containsEntry(LOST, 1L);
  }

  @Test
  void functionJobsOfALostServerEndFailedSinceNoOtherServerCanRunThem() throws Exception {
    String id = "job-" + UUID.randomUUID();
    Info queued = Info.newJob(id, "fn", "root", "default", null, Dates.now());
    nodes.create(queued, UNDER_ROOT, heartbeats.holdLocal(LOST, id));
    nodes.update(queued.started(Dates.now()), UNDER_ROOT);
    heartbeats.beat(LOST, "{}", 60_000);
    falls(LOST);

    assertThat(recovery(1).recoverLostServers()).containsExactly(LOST);

    assertThat(info(id).status()).isEqualTo(JobStatus.FAILED);
    assertThat(TestJobBeans.lastLine(info(id)))
        .startsWith("The server " + LOST + " running this function job was lost");
    assertThat(heartbeats.localJobs(LOST)).isEmpty();
    assertThat(heartbeats.known()).doesNotContain(LOST);
  }

  @Test
  void aRestartedServerSettlesWhatItHeldBefore() {
    String running = submit();
    takenBy(SELF, running, true);
    String fn = "job-" + UUID.randomUUID();
    nodes.create(
        Info.newJob(fn, "fn", "root", "default", null, Dates.now()),
        UNDER_ROOT,
        heartbeats.holdLocal(SELF, fn));

    recovery(1).recoverOwnLeftovers();

    assertThat(info(running).status()).isEqualTo(JobStatus.QUEUED);
    assertThat(waiting())
        .singleElement()
        .satisfies(
            work ->
                assertThat(work.restartNote())
                    .isEqualTo("Running again: server " + SELF + " restarted"));
    assertThat(info(fn).status()).isEqualTo(JobStatus.FAILED);
    assertThat(TestJobBeans.lastLine(info(fn))).startsWith("The server " + SELF + " restarted");
  }

  @Test
  void anEntryWhoseJobIsGoneIsDroppedNotRun() throws Exception {
    String id = submit();
    takenBy(LOST, id, true);
    REDIS.client().del(id);
    falls(LOST);
    Recovery recovery = recovery(1);

    eventually(
        () -> recovery.recoverLostServers().contains(LOST) && queue.depth("default") == 0,
        "the orphaned entry is dropped");
  }
}
