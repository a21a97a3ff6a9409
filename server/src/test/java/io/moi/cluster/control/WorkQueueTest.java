package io.moi.cluster.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.moi.LocalRedis;
import io.moi.cluster.entity.Work;
import io.moi.redis.Redis;
import io.moi.redis.RedisKeys;
import io.moi.redis.TestRedis;
import io.moi.tree.entity.Info;
import io.moi.tree.entity.Lineage;
import jakarta.json.spi.JsonProvider;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What a queued job runs, kept for its retries, delayed start and re-run. */
class WorkQueueTest {

  @RegisterExtension static final LocalRedis REDIS = new LocalRedis();

  private Redis connections;
  private WorkQueue queue;

  @BeforeEach
  void open() {
    connections = TestRedis.open(REDIS.url());
    queue = TestQueues.queue(REDIS.client(), connections);
  }

  @AfterEach
  void close() {
    TestRedis.close(connections);
  }

  @Test
  void whatIsRememberedIsRecalledAsItWasAndStoredAsJsonProcessingWritesIt() {
    var root = Info.newGroup("root", "alice \"a\"", null, "2026-12-04 10:00:00.000000");
    var work =
        Work.handler(
            "job-1",
            "report\n\"weekly\" \\ é",
            "{\"rows\": [1, \"\\u0001\"]}",
            new Lineage(List.of("group", "root"), root));

    queue.remember("gpu", work).execute(connections);

    var kept = queue.recall("job-1").orElseThrow();
    assertThat(kept.context()).isEqualTo("gpu");
    assertThat(kept.work().toFields()).isEqualTo(work.toFields());
    var json = JsonProvider.provider();
    var fields = json.createArrayBuilder();
    work.toFields().forEach((field, value) -> fields.add(field).add(value));
    assertThat(REDIS.client().get(RedisKeys.work("job-1")))
        .isEqualTo(
            json.createObjectBuilder()
                .add("context", "gpu")
                .add("fields", fields)
                .build()
                .toString());
  }
}
