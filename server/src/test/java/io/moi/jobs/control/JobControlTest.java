package io.moi.jobs.control;

import static io.moi.jobs.control.TestJobBeans.eventually;
import static io.moi.jobs.control.TestJobBeans.failureLines;
import static io.moi.jobs.control.TestJobBeans.lastLine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.moi.LocalRedis;
import io.moi.Settings;
import io.moi.cluster.control.TestQueues;
import io.moi.cluster.entity.Attempts;
import io.moi.cluster.entity.Work;
import io.moi.jobs.entity.JobStatus;
import io.moi.redis.AtomicWrite;
import io.moi.redis.RedisKeys;
import io.moi.tree.control.TestNodes;
import io.moi.tree.entity.Dates;
import io.moi.tree.entity.Info;
import io.moi.tree.entity.Lineage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cancel, retries, delayed starts and re-runs, on a server started as the container starts it,
 * against a real Redis, with real processes.
 */
class JobControlTest {

  @RegisterExtension static final LocalRedis REDIS = new LocalRedis();

  @RegisterExtension static final Engine ENGINE = new Engine(REDIS, 4);

  @TempDir Path dir;

  private JobControl control;

  private void start(Settings settings) {
    ENGINE.start(settings.set("moi.node.id", "node-a"));
    control = new JobControl();
    control.nodes = ENGINE.nodes;
    control.queue = TestQueues.queue(REDIS.client(), ENGINE.connections);
    control.marks = ENGINE.runner.marks;
    control.portable = ENGINE.portable;
    control.redis = ENGINE.connections;
    control.tree = TestNodes.walker(ENGINE.nodes);
  }

  private void start() {
    start(TestJobBeans.defaultSettings());
  }

  private String submit(String command) {
    return submit(command, Attempts.ONCE, null);
  }

  private String submit(String command, Attempts attempts, Instant due) {
    String id = "job-" + UUID.randomUUID();
    ENGINE.portable.enqueue(
        Info.newJob(id, "test", "root", "default", null, Dates.now()),
        Engine.UNDER_ROOT,
        Work.code(id, "system", command, Engine.UNDER_ROOT).withAttempts(attempts),
        due,
        new AtomicWrite());
    return id;
  }

  private Info info(String id) {
    return ENGINE.nodes.find(id).orElseThrow();
  }

  private String status(String id) {
    return ENGINE.nodes.find(id).map(Info::status).orElse("missing");
  }

  private boolean ended(String id) {
    return JobStatus.isTerminal(status(id));
  }

  @Test
  void aQueuedJobCancelledEndsAtOnceAndNeverStarts() throws Exception {
    start(TestJobBeans.defaultSettings().set("moi.context.default.slots", "1"));
    String busy = submit("sleep 30");
    eventually(() -> "Running".equals(status(busy)), "the first job takes the only slot");
    String waiting = submit("echo ran");

    Info after = control.cancel(info(waiting), "alice");

    assertThat(after.status()).isEqualTo("Failed");
    assertThat(lastLine(info(waiting)))
        .matches("Cancelled by alice at \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC\n");
    control.cancel(info(busy), "alice");
    eventually(() -> ended(busy), "the running job ends");
    eventually(() -> TestQueues.queue(REDIS.client()).depth("default") == 0, "the queue empties");
    assertThat(info(waiting).dateStart()).isNull();
    assertThat(info(waiting).status()).isEqualTo("Failed");
  }

  @Test
  void aRunningSystemJobCancelledHasItsProcessGoneWithinSeconds() throws Exception {
    start();
    Path pid = dir.resolve("pid");
    String id = submit("echo $$ > " + pid + "; exec sleep 30");
    eventually(
        () -> Files.exists(pid) && "Running".equals(status(id)) && !readPid(pid).isEmpty(),
        "the job runs");
    long process = Long.parseLong(readPid(pid));

    long asked = System.nanoTime();
    assertThat(control.cancel(info(id), "bob").status()).isEqualTo("Running");
    eventually(
        () -> ProcessHandle.of(process).map(p -> !p.isAlive()).orElse(true), "the process is gone");
    long goneMillis = (System.nanoTime() - asked) / 1_000_000;
    eventually(() -> ended(id), "the job ends");

    assertThat(goneMillis).isLessThan(3000);
    assertThat(status(id)).isEqualTo("Failed");
    assertThat(failureLines(info(id)))
        .containsExactly("Its processes were stopped (SIGTERM)\n", lastLine(info(id)));
    assertThat(lastLine(info(id))).startsWith("Cancelled by bob at ");
    assertThat(TestQueues.queue(REDIS.client()).depth("default")).isZero();
  }

  private static String readPid(Path file) {
    try {
      return Files.readString(file).trim();
    } catch (java.io.IOException e) {
      return "";
    }
  }

  @Test
  void aJobThatHasEndedCannotBeCancelled() throws Exception {
    start();
    String id = submit("echo done");
    eventually(() -> ended(id), "the job ends");

    assertThatThrownBy(() -> control.cancel(info(id), "alice"))
        .isInstanceOf(JobStateException.class)
        .hasMessageContaining("has already ended (Success)");
    assertThat(status(id)).isEqualTo("Success");
  }

  @Test
  void cancellingAGroupCancelsEveryJobBelowIt() throws Exception {
    start(TestJobBeans.defaultSettings().set("moi.context.default.slots", "1"));
    List<String> ids = List.of(submit("sleep 30"), submit("sleep 30"), submit("sleep 30"));
    eventually(() -> "Running".equals(status(ids.get(0))), "one job runs");

    assertThat(control.cancelGroup(Engine.ROOT, "alice")).isEqualTo(3);

    eventually(() -> ids.stream().allMatch(this::ended), "every job ends");
    assertThat(ids)
        .allSatisfy(
            id -> {
              assertThat(status(id)).isEqualTo("Failed");
              assertThat(lastLine(info(id))).startsWith("Cancelled by alice");
            });
  }

  @Test
  void aFailingJobIsTriedAgainWithGrowingWaitsAndKeepsEveryAttemptsError() throws Exception {
    start();
    Path count = dir.resolve("count");
    long started = System.nanoTime();
    String id =
        submit(
            "echo x >> " + count + "; echo try $(wc -l < " + count + ") >&2; exit 3",
            Attempts.upTo(3, Duration.ofMillis(400)),
            null);

    List<String> statuses = new ArrayList<>();
    eventually(
        () -> {
          String now = status(id);
          if (now.startsWith(JobStatus.WAITING_PREFIX) && !statuses.contains(now)) {
            statuses.add(now);
          }
          return ended(id);
        },
        "the job ends");
    long tookMillis = (System.nanoTime() - started) / 1_000_000;

    assertThat(Files.readAllLines(count)).hasSize(3);
    // the waits are about 400 ms and 800 ms, each within a quarter either way
    assertThat(tookMillis).isGreaterThanOrEqualTo(300 + 600);
    assertThat(statuses)
        .anySatisfy(
            s ->
                assertThat(s)
                    .startsWith("Queued: attempt 2 of 3 at ")
                    .contains("; attempt 1 failed: "));
    List<String> lines = failureLines(info(id));
    assertThat(lines)
        .contains(
            "Attempt 1 of 3 failed:\n", "Attempt 2 of 3 failed:\n", "Attempt 3 of 3 failed:\n");
    assertThat(String.join("", lines)).contains("try 1", "try 2", "try 3");
    assertThat(lastLine(info(id)))
        .startsWith("Failed to execute: ")
        .contains("try 3")
        .doesNotContain("Attempt");
    assertThat(lines.get(lines.size() - 2)).isEqualTo("exit code 3\n");
    assertThat(REDIS.client().zcard(RedisKeys.DELAYED)).isZero();
  }

  @Test
  void aJobThatSucceedsOnALaterAttemptEndsSuccessWithTheEarlierErrorsKept() throws Exception {
    start();
    Path mark = dir.resolve("mark");
    String id =
        submit(
            "if [ -f " + mark + " ]; then echo second; else touch " + mark + "; exit 1; fi",
            Attempts.upTo(3, Duration.ofMillis(100)),
            null);

    eventually(() -> ended(id), "the job ends");

    assertThat(status(id)).isEqualTo("Success");
    assertThat(info(id).result().toString()).contains("second");
    var state = control.state(info(id));
    assertThat(state.getInt("attempt")).isEqualTo(2);
    assertThat(state.getInt("maxAttempts")).isEqualTo(3);
    assertThat(state.getJsonArray("errors").toString()).contains("exit code 1");
  }

  @Test
  void aDelayedJobWaitsQueuedUntilItsTimeThenRuns() throws Exception {
    start();
    Instant due = Instant.now().plusMillis(2000);
    String id = submit("echo later", Attempts.ONCE, due);

    Thread.sleep(1000); // not a poll: half way to its time, it must still be waiting
    assertThat(status(id)).isEqualTo("Queued");
    assertThat(control.state(info(id)).getString("due")).isEqualTo(Dates.utcSeconds(due) + " UTC");
    assertThat(TestQueues.queue(REDIS.client()).depth("default")).isZero();
    eventually(() -> ended(id), "the job runs once due");

    assertThat(status(id)).isEqualTo("Success");
    assertThat(Instant.now()).isAfter(due);
    assertThat(control.state(info(id)).isNull("due")).isTrue();
  }

  @Test
  void aDelayedJobCancelledNeverEntersItsQueue() throws Exception {
    start();
    String id = submit("echo never", Attempts.ONCE, Instant.now().plusMillis(800));

    control.cancel(info(id), "alice");
    Thread.sleep(1500); // not a poll: past its time, when it would have entered the queue

    assertThat(status(id)).isEqualTo("Failed");
    assertThat(info(id).dateStart()).isNull();
    assertThat(REDIS.client().zscore(RedisKeys.DELAYED, id)).isNull();
    assertThat(TestQueues.queue(REDIS.client()).depth("default")).isZero();
  }

  @Test
  void dueJobsEnterTheirQueueOnceWhateverNumberOfServersMoveThem() throws Exception {
    var queue = TestQueues.queue(REDIS.client(), ENGINE.connections);
    var write = new AtomicWrite();
    for (int i = 0; i < 200; i++) {
      Work work = Work.code("due-" + i, "system", "true", Engine.UNDER_ROOT);
      write
          .and(queue.remember("default", work))
          .and(queue.delay(work.jobId(), Instant.now().minusSeconds(1)));
    }
    write.execute(ENGINE.connections);

    var movers = new ArrayList<Thread>();
    var moved = new java.util.concurrent.atomic.AtomicLong();
    for (int i = 0; i < 4; i++) {
      Thread mover =
          new Thread(
              () -> {
                long n;
                while ((n = queue.moveDue(Instant.now(), 7)) > 0) {
                  moved.addAndGet(n);
                }
              });
      mover.start();
      movers.add(mover);
    }
    for (Thread mover : movers) {
      mover.join();
    }

    assertThat(moved.get()).isEqualTo(200);
    assertThat(queue.depth("default")).isEqualTo(200);
  }

  @Test
  void aFinishedJobRunsAgainAsANewJobWithTheSameCommand() throws Exception {
    start();
    String id = submit("echo again");
    eventually(() -> ended(id), "the job ends");

    Info rerun = control.rerun(info(id));
    eventually(() -> ended(rerun.id()), "the new job ends");

    assertThat(rerun.id()).isNotEqualTo(id);
    assertThat(rerun.parent()).isEqualTo("root");
    assertThat(info(rerun.id()).result().toString()).contains("again");
    assertThat(REDIS.client().smembers(RedisKeys.children("root"))).contains(id, rerun.id());
  }

  @Test
  void aJobThatHasNotEndedOrKeepsNoCommandCannotRunAgain() throws Exception {
    start();
    String running = submit("sleep 30");
    eventually(() -> "Running".equals(status(running)), "the job runs");
    assertThatThrownBy(() -> control.rerun(info(running)))
        .isInstanceOf(JobStateException.class)
        .hasMessageContaining("has not ended");

    String function = "fn-" + UUID.randomUUID();
    ENGINE.runner.start(
        Info.newJob(function, "f", "root", "default", null, Dates.now()),
        Engine.UNDER_ROOT,
        ENGINE.executor,
        (job, args) -> 1,
        new Object[0]);
    eventually(() -> ended(function), "the function ends");
    assertThatThrownBy(() -> control.rerun(info(function)))
        .isInstanceOf(JobStateException.class)
        .hasMessageContaining("no command is kept");
  }

  @Test
  void aCancelledFunctionIsToldAndInterrupted() throws Exception {
    start();
    String id = "fn-" + UUID.randomUUID();
    var sawIt = new java.util.concurrent.atomic.AtomicBoolean();
    ENGINE.runner.start(
        Info.newJob(id, "f", "root", "default", null, Dates.now()),
        Engine.UNDER_ROOT,
        ENGINE.executor,
        (job, args) -> {
          while (!job.isCancelled()) {
            Thread.onSpinWait();
          }
          sawIt.set(true);
          return "stopped";
        },
        new Object[0]);
    eventually(() -> "Running".equals(status(id)), "the function runs");

    control.cancel(info(id), "carol");
    eventually(() -> ended(id), "the function ends");

    assertThat(status(id)).isEqualTo("Failed");
    assertThat(lastLine(info(id))).startsWith("Cancelled by carol at ");
    eventually(sawIt::get, "the function saw that it was cancelled");
  }

  @Test
  void aFunctionIsTriedAgainOnItsServer() throws Exception {
    start();
    String id = "fn-" + UUID.randomUUID();
    var calls = new java.util.concurrent.atomic.AtomicInteger();
    ENGINE.runner.start(
        Info.newJob(id, "f", "root", "default", null, Dates.now()),
        Engine.UNDER_ROOT,
        ENGINE.executor,
        (job, args) -> {
          if (calls.incrementAndGet() < 3) {
            throw new IllegalStateException("not yet " + calls.get());
          }
          return calls.get();
        },
        new Object[0],
        Attempts.upTo(3, Duration.ofMillis(50)),
        null);

    eventually(() -> ended(id), "the function ends");

    assertThat(status(id)).isEqualTo("Success");
    assertThat(info(id).result().toString()).isEqualTo("3");
  }

  @Test
  void removingARunningJobOrItsGroupCancelsWhatRunsBelow() throws Exception {
    start();
    String alone = submit("sleep 30");
    String grouped = "job-" + UUID.randomUUID();
    Info group = Info.newGroup("batch-" + UUID.randomUUID(), "batch", "root", Dates.now());
    ENGINE.nodes.create(group, Engine.UNDER_ROOT);
    Lineage underGroup = Engine.UNDER_ROOT.below(group.id());
    ENGINE.portable.enqueue(
        Info.newJob(grouped, "test", group.id(), "default", null, Dates.now()),
        underGroup,
        Work.code(grouped, "system", "sleep 30", underGroup));
    eventually(
        () -> "Running".equals(status(alone)) && "Running".equals(status(grouped)), "both run");

    control.cancelWhatWasRemoved(new io.moi.tree.entity.NodeDetached(info(alone), "dave"));
    control.cancelWhatWasRemoved(new io.moi.tree.entity.NodeDetached(group, "erin"));

    eventually(() -> ended(alone) && ended(grouped), "both end");
    assertThat(lastLine(info(alone))).startsWith("Cancelled by dave at ");
    assertThat(lastLine(info(grouped))).startsWith("Cancelled by erin at ");
  }
}
