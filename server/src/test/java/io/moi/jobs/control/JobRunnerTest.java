package io.moi.jobs.control;

import static io.moi.jobs.control.TestJobBeans.failureText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.moi.LocalRedis;
import io.moi.PlainExecutor;
import io.moi.jobs.entity.CodeType;
import io.moi.jobs.entity.JobFunction;
import io.moi.jobs.entity.JobStatus;
import io.moi.redis.Redis;
import io.moi.redis.TestRedis;
import io.moi.tree.control.Nodes;
import io.moi.tree.control.TestNodes;
import io.moi.tree.entity.Info;
import io.moi.tree.entity.Lineage;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.exceptions.JedisConnectionException;

/** Jobs driven by the runner to their terminal status in a real Redis. */
class JobRunnerTest {

  @RegisterExtension static final LocalRedis REDIS = new LocalRedis();

  private static final Info ROOT =
      Info.newGroup("root", "alice", null, "2026-03-01 12:00:00.000000");
  private static final Lineage UNDER_ROOT = new Lineage(List.of("root"), ROOT);

  private Redis connections;
  private PlainExecutor scheduler;
  private PlainExecutor executor;
  private FlakyNodes nodes;
  private CodeJobs codeJobs;
  private JobRunner runner;

  /** Nodes whose next job updates fail as if Redis had gone away, then work again. */
  static final class FlakyNodes extends Nodes {
    final AtomicInteger failingUpdates = new AtomicInteger();

    @Override
    public void update(Info node, Lineage lineage, io.moi.redis.AtomicWrite also) {
      if (failingUpdates.getAndDecrement() > 0) {
        throw new JedisConnectionException("Redis is away");
      }
      super.update(node, lineage, also);
    }
  }

  @BeforeEach
  void buildRunner() {
    connections = TestRedis.open(REDIS.url());
    scheduler = new PlainExecutor(1);
    executor = new PlainExecutor(2);
    nodes = TestNodes.wire(new FlakyNodes(), REDIS.client(), connections, scheduler);
    codeJobs = TestJobBeans.codeJobs(TestJobBeans.defaultSettings());
    runner = TestJobBeans.runner(nodes, codeJobs, scheduler, REDIS.client());
    REDIS.client().set("root", ROOT.toJson());
  }

  @AfterEach
  void stop() throws InterruptedException {
    executor.shutdownNow();
    scheduler.shutdownNow();
    executor.awaitTermination(30, TimeUnit.SECONDS);
    scheduler.awaitTermination(30, TimeUnit.SECONDS);
    TestRedis.close(connections);
  }

  private String start(JobFunction function, Object... args) {
    String id = "job-" + UUID.randomUUID();
    runner.start(
        Info.newJob(id, "test", "root", "default", null, io.moi.tree.entity.Dates.now()),
        UNDER_ROOT,
        executor,
        function,
        args);
    return id;
  }

  private Info ended(String id) throws InterruptedException {
    eventually(
        () -> nodes.find(id).map(info -> JobStatus.isTerminal(info.status())).orElse(false),
        "job " + id + " ends");
    eventually(() -> runner.unfinished() == 0, "the runner lets go of the job");
    return nodes.find(id).orElseThrow();
  }

  private Info status(String id, String status) throws InterruptedException {
    eventually(
        () -> nodes.find(id).map(info -> status.equals(info.status())).orElse(false),
        "job " + id + " is " + status);
    return nodes.find(id).orElseThrow();
  }

  @Test
  void aJobIsQueuedUntilItsContextHasAThreadThenRunsAndStoresWhatItReturned() throws Exception {
    var busy = new CountDownLatch(1);
    executor.setCorePoolSize(1);
    executor.execute(() -> await(busy));

    String id = start((job, args) -> Map.of("sum", (int) args[0] + (int) args[1]), 5, 10);

    Info queued = nodes.find(id).orElseThrow();
    assertThat(queued.status()).isEqualTo(JobStatus.QUEUED);
    assertThat(nodes.isMember("root", id)).isTrue();
    assertThat(runner.unfinished()).isEqualTo(1);

    busy.countDown();
    Info done = ended(id);
    assertThat(done.status()).isEqualTo(JobStatus.SUCCESS);
    assertThat(done.result()).hasToString("{\"sum\":15}");
    assertThat(done.dateStart()).isNotNull();
    assertThat(done.dateEnd()).isNotNull();
  }

  @Test
  void aJobSeesItselfRunningAndGetsNoArgumentsWhenNoneWereGiven() throws Exception {
    String id =
        start(
            (job, args) -> List.of(args.length, nodes.find(job.id()).orElseThrow().status()),
            (Object[]) null);

    assertThat(ended(id).result()).hasToString("[0,\"Running\"]");
  }

  @Test
  void aFunctionThatThrowsFailsTheJobWithItsStackTrace() throws Exception {
    String id =
        start(
            (job, args) -> {
              throw new IllegalStateException("the input is broken");
            });

    Info failed = ended(id);
    assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
    assertThat(TestJobBeans.lastLine(failed))
        .isEqualTo("java.lang.IllegalStateException: the input is broken\n");
    assertThat(failureText(failed)).contains("  at " + getClass().getName());
  }

  @Test
  void aFailedCommandFailsTheJobWithItsOwnTextAlone() throws Exception {
    String id =
        start(
            (job, args) -> {
              throw new CommandFailedException("Failed to execute: false\nstdout: \nstderr: ");
            });

    Info failed = ended(id);
    assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
    assertThat(TestJobBeans.failureLines(failed))
        .containsExactly("Failed to execute: false\n", "stdout: \n", "stderr: \n");
  }

  @Test
  void aValueThatIsNotJsonFailsTheJobSayingSo() throws Exception {
    String id =
        start(
            (job, args) ->
                new Object() {
                  public Object getSelf() {
                    return this;
                  }
                });

    Info failed = ended(id);
    assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
    assertThat(TestJobBeans.lastLine(failed))
        .startsWith("The job returned a value that cannot be written as JSON (");
  }

  @Test
  void aFullContextRefusesTheJobAndNothingIsStored() {
    executor.shutdown();
    var ran = new AtomicBoolean();
    String id = "refused-" + UUID.randomUUID();

    Throwable refused =
        catchThrowable(
            () ->
                runner.start(
                    Info.newJob(
                        id, "test", "root", "default", null, io.moi.tree.entity.Dates.now()),
                    UNDER_ROOT,
                    executor,
                    (job, args) -> ran.getAndSet(true),
                    new Object[0]));

    assertThat(refused)
        .isInstanceOf(ContextBusyException.class)
        .hasMessageStartingWith("context 'default' is full");
    assertThat(nodes.exists(id)).isFalse();
    assertThat(runner.unfinished()).isZero();
    assertThat(ran).isFalse();
  }

  @Test
  void aJobWhoseQueuedWriteFailsIsRefusedAndNeverRuns() throws Exception {
    var ran = new AtomicBoolean();
    var away = TestRedis.open(REDIS.url());
    TestRedis.close(away);
    var unreachable = TestNodes.open(REDIS.client(), away, scheduler);
    var refusing = TestJobBeans.runner(unreachable, codeJobs, scheduler, REDIS.client());
    String id = "lost-" + UUID.randomUUID();

    Throwable refused =
        catchThrowable(
            () ->
                refusing.start(
                    Info.newJob(
                        id, "test", "root", "default", null, io.moi.tree.entity.Dates.now()),
                    UNDER_ROOT,
                    executor,
                    (job, args) -> ran.getAndSet(true),
                    new Object[0]));

    assertThat(refused).isNotNull();
    assertThat(refusing.unfinished()).isZero();
    executor.shutdown();
    assertThat(executor.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    assertThat(ran).isFalse();
    assertThat(nodes.exists(id)).isFalse();
  }

  @Test
  void aJobThatCannotBeRecordedAsRunningFailsWithoutRunning() throws Exception {
    var ran = new AtomicBoolean();
    nodes.failingUpdates.set(1);

    String id = start((job, args) -> ran.getAndSet(true));

    Info failed = ended(id);
    assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
    assertThat(TestJobBeans.lastLine(failed))
        .startsWith("The job could not be started: ")
        .contains(JedisConnectionException.class.getName() + ": Redis is away");
    assertThat(ran).isFalse();
  }

  @Test
  void anEndThatRedisCannotTakeIsWrittenLaterWithDoublingDelays() throws Exception {
    var release = new CountDownLatch(1);
    String id =
        start(
            (job, args) -> {
              await(release);
              return "done";
            });
    status(id, JobStatus.RUNNING);
    nodes.failingUpdates.set(3);

    release.countDown();

    Info done = ended(id);
    assertThat(done.status()).isEqualTo(JobStatus.SUCCESS);
    assertThat(done.result()).hasToString("\"done\"");
    assertThat(scheduler.delaysMillis()).containsExactly(250L, 500L, 1000L);
  }

  @Test
  void theDelayBetweenAttemptsToWriteAnEndStopsGrowingAtThirtySeconds() throws Exception {
    var release = new CountDownLatch(1);
    String id =
        start(
            (job, args) -> {
              await(release);
              return "done";
            });
    status(id, JobStatus.RUNNING);
    nodes.failingUpdates.set(10);
    scheduler.runScheduledAtOnce();

    release.countDown();

    assertThat(ended(id).status()).isEqualTo(JobStatus.SUCCESS);
    assertThat(scheduler.delaysMillis())
        .containsExactly(250L, 500L, 1000L, 2000L, 4000L, 8000L, 16000L, 30000L, 30000L, 30000L);
  }

  @Test
  void aStoppingServerFailsItsUnfinishedJobsAndTheirOwnEndsAreNotRecorded() throws Exception {
    var release = new CountDownLatch(1);
    String done = start((job, args) -> "early");
    ended(done);
    String running =
        start(
            (job, args) -> {
              await(release);
              return "too late";
            });
    status(running, JobStatus.RUNNING);

    TestJobBeans.stopServer(runner);

    Info stopped = nodes.find(running).orElseThrow();
    assertThat(stopped.status()).isEqualTo(JobStatus.FAILED);
    assertThat(failureText(stopped)).isEqualTo("The server stopped before the job finished\n");
    assertThat(runner.unfinished()).isZero();
    assertThat(nodes.find(done).orElseThrow().status()).isEqualTo(JobStatus.SUCCESS);

    release.countDown();
    executor.shutdown();
    assertThat(executor.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    assertThat(failureText(nodes.find(running).orElseThrow()))
        .isEqualTo("The server stopped before the job finished\n");
  }

  @Test
  void aStoppingServerSaysHowItStoppedTheProcessesOfASystemJob() throws Exception {
    String id = start(codeJobs.function(CodeType.SYSTEM, "echo started; sleep 300"));
    status(id, JobStatus.RUNNING);
    eventually(() -> !ChildProcessTest.processesOf(id).isEmpty(), "the command runs");

    TestJobBeans.stopServer(runner);

    Info stopped = nodes.find(id).orElseThrow();
    assertThat(stopped.status()).isEqualTo(JobStatus.FAILED);
    assertThat(failureText(stopped))
        .isEqualTo(
            "The server stopped before the job finished; its processes were stopped (SIGTERM)\n");
    assertThat(ChildProcessTest.processesOf(id)).isEmpty();
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void eventually(BooleanSupplier condition, String what)
      throws InterruptedException {
    ChildProcessTest.eventually(condition, what);
  }
}
