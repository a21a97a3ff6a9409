package io.moi.schedules.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import io.moi.Bindings;
import io.moi.LocalRedis;
import io.moi.PlainExecutor;
import io.moi.jobs.boundary.Jobs;
import io.moi.jobs.boundary.TestJobs;
import io.moi.jobs.entity.JobStatus;
import io.moi.redis.Redis;
import io.moi.redis.RedisKeys;
import io.moi.redis.TestRedis;
import io.moi.schedules.control.Schedules;
import io.moi.schedules.control.TestSchedules;
import io.moi.schedules.entity.Schedule;
import io.moi.schedules.entity.ScheduleRequest;
import io.moi.tree.control.Nodes;
import io.moi.tree.control.TestNodes;
import io.moi.tree.entity.Info;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two servers (two sets of beans, each with its own connections) firing the same schedules. */
class DueSchedulesTest {

  @RegisterExtension static final LocalRedis REDIS = new LocalRedis();

  private static final Instant START = Instant.parse("2026-12-03T10:00:20Z");

  private final TestSchedules.Clock clock = new TestSchedules.Clock(START);
  private final List<Redis> connections = new ArrayList<>();
  private PlainExecutor pool;
  private PlainExecutor servers;
  private Nodes nodes;
  private Jobs jobs;
  private Schedules schedules;
  private DueSchedules first;
  private DueSchedules second;

  @BeforeAll
  static void bindExecutor() {
    Bindings.install();
  }

  @AfterAll
  static void unbindExecutor() {
    Bindings.uninstall();
  }

  @BeforeEach
  void startTwoServers() {
    pool = new PlainExecutor(1);
    servers = new PlainExecutor(2);
    Bindings.bind("concurrent/moi-default", pool);
    first = server();
    second = server();
    schedules = first.schedules;
  }

  // One server's beans: its own Redis connections, nodes and job facade.
  private DueSchedules server() {
    Redis redis = TestRedis.open(REDIS.url());
    connections.add(redis);
    var client = new redis.clients.jedis.JedisPooled(hostAndPort(REDIS.url()));
    nodes = TestNodes.open(client, redis, pool);
    jobs = TestJobs.queueing(nodes, TestNodes.users(nodes), client);
    var due = new DueSchedules();
    due.schedules = TestSchedules.schedules(client, redis, clock);
    due.jobs = jobs;
    due.clock = clock;
    due.tick = "1s";
    return due;
  }

  private static redis.clients.jedis.HostAndPort hostAndPort(String url) {
    var uri = java.net.URI.create(url);
    return new redis.clients.jedis.HostAndPort(uri.getHost(), uri.getPort());
  }

  @AfterEach
  void stop() throws InterruptedException {
    for (var executor : List.of(pool, servers)) {
      executor.shutdownNow();
      executor.awaitTermination(30, TimeUnit.SECONDS);
    }
    connections.forEach(TestRedis::close);
  }

  private Schedule create(String user, String json) {
    try (var reader = JsonProvider.provider().createReader(new StringReader(json))) {
      return schedules.create(
          user, jobs.userGroup(user), ScheduleRequest.from(reader.readObject()));
    }
  }

  private Schedule everyMinute(String name) {
    return create(
        "alice",
        "{\"name\": \""
            + name
            + "\", \"cron\": \"* * * * *\", \"cmd\": \"echo hi\", "
            + "\"cmdType\": \"system\", \"maxAttempts\": 3, \"backoff\": \"2s\"}");
  }

  // Both servers tick at the same moment; answers how many jobs they created together.
  private int tickTogether() throws Exception {
    var barrier = new CyclicBarrier(2);
    List<Future<Integer>> ticks = new ArrayList<>();
    for (DueSchedules server : List.of(first, second)) {
      Callable<Integer> tick =
          () -> {
            barrier.await(10, TimeUnit.SECONDS);
            return server.tick();
          };
      ticks.add(servers.submit(tick));
    }
    int fired = 0;
    for (var tick : ticks) {
      fired += tick.get(30, TimeUnit.SECONDS);
    }
    return fired;
  }

  @Test
  void twoServersTickingTogetherFireEachDueTimeExactlyOnce() throws Exception {
    List<Schedule> created = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      created.add(everyMinute("every minute " + i));
    }
    int minutes = 6;
    int fired = 0;
    for (int minute = 1; minute <= minutes; minute++) {
      clock.advance(Duration.ofMinutes(1));
      fired += tickTogether();
      assertThat(tickTogether()).as("nothing left due in minute %d", minute).isZero();
    }

    List<Info> made = nodes.children(jobs.userGroup("alice"));
    assertThat(fired).isEqualTo(8 * minutes);
    assertThat(made)
        .hasSize(8 * minutes)
        .allSatisfy(job -> assertThat(job.status()).isEqualTo(JobStatus.QUEUED));
    for (Schedule schedule : created) {
      assertThat(made).filteredOn(job -> job.nameText().equals(schedule.name())).hasSize(minutes);
      Schedule now = schedules.find(schedule.id()).orElseThrow();
      assertThat(now.last().at()).isEqualTo(Instant.parse("2026-12-03T10:06:00Z"));
      assertThat(now.next()).isEqualTo(Instant.parse("2026-12-03T10:07:00Z"));
      assertThat(made).extracting(Info::id).contains(now.last().job());
    }
  }

  @Test
  void aFiredJobIsQueuedUnderTheParentNamedAfterTheSchedule() throws Exception {
    Schedule schedule = everyMinute("nightly report");
    clock.advance(Duration.ofSeconds(40));

    assertThat(first.tick()).isEqualTo(1);

    String job = schedules.find(schedule.id()).orElseThrow().last().job();
    Info queued = nodes.find(job).orElseThrow();
    assertThat(queued.parent()).isEqualTo(jobs.userGroup("alice"));
    assertThat(queued.nameText()).isEqualTo("nightly report");
    var entries =
        REDIS
            .client()
            .xrange(RedisKeys.queue("default"), (redis.clients.jedis.StreamEntryID) null, null);
    assertThat(entries)
        .singleElement()
        .satisfies(
            entry -> {
              assertThat(entry.getFields())
                  .containsEntry("job", job)
                  .containsEntry("body", "echo hi");
            });
  }

  @Test
  void timesMissedWhileNoServerRanFireOnceAndTheScheduleGoesOnFromNow() throws Exception {
    Schedule schedule = everyMinute("missed");
    clock.set(Instant.parse("2026-12-03T10:30:45Z"));

    assertThat(tickTogether()).isEqualTo(1);
    assertThat(tickTogether()).isZero();

    Schedule now = schedules.find(schedule.id()).orElseThrow();
    assertThat(now.last().at()).isEqualTo(Instant.parse("2026-12-03T10:30:00Z"));
    assertThat(now.next()).isEqualTo(Instant.parse("2026-12-03T10:31:00Z"));
    assertThat(nodes.children(jobs.userGroup("alice"))).hasSize(1);
  }

  @Test
  void aPausedScheduleFiresNotAndResumesFromNow() throws Exception {
    Schedule schedule = everyMinute("paused");
    schedules.pause(schedule.id());
    clock.advance(Duration.ofMinutes(5));

    assertThat(tickTogether()).isZero();
    assertThat(REDIS.client().zscore(RedisKeys.SCHEDULES_DUE, schedule.id())).isNull();

    Schedule resumed = schedules.resume(schedule.id());
    assertThat(resumed.next()).isEqualTo(Instant.parse("2026-12-03T10:06:00Z"));
    assertThat(tickTogether()).isZero();
    clock.advance(Duration.ofMinutes(1));
    assertThat(tickTogether()).isEqualTo(1);
  }

  @Test
  void aDeletedScheduleFiresNoMore() throws Exception {
    Schedule schedule = everyMinute("deleted");
    schedules.delete(schedule);
    clock.advance(Duration.ofMinutes(3));

    assertThat(tickTogether()).isZero();
    assertThat(REDIS.client().exists(RedisKeys.schedule(schedule.id()))).isFalse();
    assertThat(REDIS.client().smembers(RedisKeys.schedulesOf("alice"))).isEmpty();
    assertThat(nodes.children(jobs.userGroup("alice"))).isEmpty();
  }

  @Test
  void aScheduleWhoseParentIsGoneSkipsItsTimeAndTriesTheNext() throws Exception {
    String group = jobs.createGroup("gone soon", jobs.userGroup("alice"));
    Schedule schedule;
    try (var reader =
        JsonProvider.provider()
            .createReader(
                new StringReader(
                    "{\"cron\": \"* * * * *\", \"cmd\": \"echo hi\", \"cmdType\": \"system\"}"))) {
      schedule = schedules.create("alice", group, ScheduleRequest.from(reader.readObject()));
    }
    REDIS.client().del(group);
    clock.advance(Duration.ofMinutes(1));

    assertThat(first.tick()).isZero();

    Schedule now = schedules.find(schedule.id()).orElseThrow();
    assertThat(now.last().job()).isNull();
    assertThat(now.next()).isEqualTo(Instant.parse("2026-12-03T10:02:00Z"));
  }
}
