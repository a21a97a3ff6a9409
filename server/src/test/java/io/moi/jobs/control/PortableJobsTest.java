package io.moi.jobs.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.moi.LocalRedis;
import io.moi.PlainExecutor;
import io.moi.cluster.control.TestQueues;
import io.moi.cluster.entity.Delivery;
import io.moi.cluster.entity.Work;
import io.moi.redis.Redis;
import io.moi.redis.TestRedis;
import io.moi.tree.control.Nodes;
import io.moi.tree.control.TestNodes;
import io.moi.tree.entity.Dates;
import io.moi.tree.entity.Info;
import io.moi.tree.entity.Lineage;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A portable job is stored as Queued together with its queue entry, or not at all. */
class PortableJobsTest {

  @RegisterExtension static final LocalRedis REDIS = new LocalRedis();

  private static final Info ROOT =
      Info.newGroup("root", "alice", null, "2026-03-01 12:00:00.000000");
  private static final Lineage UNDER_ROOT = new Lineage(List.of("root"), ROOT);

  private Redis connections;
  private PlainExecutor scheduler;
  private Nodes nodes;

  @BeforeEach
  void open() {
    connections = TestRedis.open(REDIS.url());
    scheduler = new PlainExecutor(1);
    nodes = TestNodes.open(REDIS.client(), connections, scheduler);
    REDIS.client().set("root", ROOT.toJson());
  }

  @AfterEach
  void close() throws InterruptedException {
    scheduler.shutdownNow();
    scheduler.awaitTermination(30, TimeUnit.SECONDS);
    TestRedis.close(connections);
  }

  private PortableJobs portable(String maxQueued) {
    return TestJobBeans.portable(
        nodes,
        REDIS.client(),
        TestJobBeans.nodeSettings(
            TestJobBeans.defaultSettings().set("moi.context.default.max-queued", maxQueued)));
  }

  private void enqueue(PortableJobs portable, String id) {
    portable.enqueue(
        Info.newJob(id, "test", "root", "default", null, Dates.now()),
        UNDER_ROOT,
        Work.handler(id, "moi.echo", "{\"n\":1}", UNDER_ROOT));
  }

  @Test
  void theQueuedInfoAndTheQueueEntryAreWrittenTogether() {
    var queue = TestQueues.queue(REDIS.client(), connections);
    queue.ensureGroup("default");
    enqueue(portable("10"), "job-1");

    assertThat(nodes.find("job-1")).map(Info::status).hasValue("Queued");
    assertThat(nodes.isMember("root", "job-1")).isTrue();
    List<Delivery> taken;
    try (var reader = queue.reader(100)) {
      taken = queue.take(reader, "default", "node-a", 10, 100);
    }
    assertThat(taken)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.work().jobId()).isEqualTo("job-1");
              assertThat(d.work().handler()).isEqualTo("moi.echo");
              assertThat(d.work().body()).isEqualTo("{\"n\":1}");
              assertThat(d.work().lineage()).isEqualTo(UNDER_ROOT);
            });
  }

  @Test
  void aFullQueueRefusesTheJobAndStoresNothing() {
    var portable = portable("2");
    enqueue(portable, "job-1");
    enqueue(portable, "job-2");

    Throwable refused = catchThrowable(() -> enqueue(portable, "job-3"));

    assertThat(refused)
        .isInstanceOf(ContextBusyException.class)
        .hasMessageContaining("context 'default' is full")
        .hasMessageContaining("moi.context.default.max-queued");
    assertThat(nodes.exists("job-3")).isFalse();
    assertThat(nodes.isMember("root", "job-3")).isFalse();
    assertThat(TestQueues.queue(REDIS.client()).depth("default")).isEqualTo(2);
  }

  @Test
  void noLimitWhenMaxQueuedIsZero() {
    var portable = portable("0");
    for (int i = 0; i < 5; i++) {
      enqueue(portable, "job-" + i);
    }
    assertThat(TestQueues.queue(REDIS.client()).depth("default")).isEqualTo(5);
  }
}
