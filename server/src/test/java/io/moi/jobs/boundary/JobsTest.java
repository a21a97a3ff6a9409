package io.moi.jobs.boundary;

import static io.moi.jobs.control.TestJobBeans.failureText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.moi.Bindings;
import io.moi.LocalRedis;
import io.moi.PlainExecutor;
import io.moi.jobs.control.TestJobBeans;
import io.moi.jobs.control.UnknownContextException;
import io.moi.jobs.entity.JobSpec;
import io.moi.jobs.entity.JobStatus;
import io.moi.redis.Redis;
import io.moi.redis.RedisKeys;
import io.moi.redis.TestRedis;
import io.moi.tree.control.Nodes;
import io.moi.tree.control.TestNodes;
import io.moi.tree.control.UnknownNodeException;
import io.moi.tree.entity.Info;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The submission facade over a real Redis, with each context's executor an ordinary thread pool.
 */
class JobsTest {

  @RegisterExtension static final LocalRedis REDIS = new LocalRedis();

  private Redis connections;
  private PlainExecutor scheduler;
  private PlainExecutor defaultContext;
  private PlainExecutor gpuContext;
  private Nodes nodes;
  private Jobs jobs;
  private io.moi.jobs.control.ClusterNode node;
  private String alice;

  @BeforeAll
  static void bindExecutors() {
    Bindings.install();
  }

  @AfterAll
  static void unbindExecutors() {
    Bindings.uninstall();
  }

  @BeforeEach
  void buildJobs() {
    connections = TestRedis.open(REDIS.url());
    scheduler = new PlainExecutor(1);
    defaultContext = new PlainExecutor(2);
    gpuContext = new PlainExecutor(1);
    Bindings.bind("concurrent/moi-default", defaultContext);
    Bindings.bind("concurrent/moi-gpu", gpuContext);
    nodes = TestNodes.open(REDIS.client(), connections, scheduler);
    var settings = TestJobBeans.defaultSettings().set("moi.contexts", "default,gpu");
    var codeJobs = TestJobBeans.codeJobs(settings);
    jobs = new Jobs();
    jobs.nodes = nodes;
    jobs.users = TestNodes.users(nodes);
    jobs.groups = TestNodes.groups(nodes, jobs.users);
    var nodeSettings = TestJobBeans.nodeSettings(settings);
    jobs.portable = TestJobBeans.portable(nodes, REDIS.client(), nodeSettings);
    jobs.results = TestJobBeans.results();
    jobs.contexts = TestJobBeans.contexts(settings);
    jobs.runner = TestJobBeans.runner(nodes, codeJobs, scheduler, REDIS.client(), nodeSettings);
    node =
        TestJobBeans.startedNode(
            jobs.runner, jobs.contexts, nodes, REDIS.client(), connections, scheduler);
    alice = jobs.userGroup("alice");
  }

  @AfterEach
  void stop() throws InterruptedException {
    TestJobBeans.stop(node);
    for (var executor : List.of(defaultContext, gpuContext, scheduler)) {
      executor.shutdownNow();
      executor.awaitTermination(30, TimeUnit.SECONDS);
    }
    TestRedis.close(connections);
  }

  private Info ended(String id) throws InterruptedException {
    TestJobBeans.eventually(
        () -> jobs.info(id).map(job -> JobStatus.isTerminal(job.status())).orElse(false),
        "job " + id + " ends");
    return jobs.info(id).orElseThrow();
  }

  @Test
  void aSubmittedFunctionRunsOnItsContextsExecutorWithItsArgumentsUnderItsParent()
      throws Exception {
    var thread = new AtomicReference<String>();

    String id =
        jobs.submit(
            JobSpec.under(alice, "sum").inContext("gpu").withUrl("http://results/1"),
            (job, args) -> {
              thread.set(Thread.currentThread().getName());
              return (int) args[0] + (int) args[1];
            },
            5,
            10);

    Info done = ended(id);
    assertThat(done.status()).isEqualTo(JobStatus.SUCCESS);
    assertThat(done.result()).hasToString("15");
    assertThat(done.nameText()).isEqualTo("sum");
    assertThat(done.context()).isEqualTo("gpu");
    assertThat(done.url()).isEqualTo("http://results/1");
    assertThat(done.parent()).isEqualTo(alice);
    assertThat(jobs.children(alice)).extracting(Info::id).containsExactly(id);
    assertThat(gpuContext.getCompletedTaskCount()).isEqualTo(1);
    assertThat(defaultContext.getCompletedTaskCount()).isZero();
  }

  @Test
  void anAnonymousJobIsKeptInTheNoUserGroup() throws Exception {
    String id = jobs.submitAnonymous("anon", (job, args) -> args.length, "a", "b", "c");

    Info done = ended(id);
    assertThat(done.parent()).isEqualTo(RedisKeys.NO_USER);
    assertThat(done.result()).hasToString("3");
    assertThat(jobs.children(RedisKeys.NO_USER)).extracting(Info::id).containsExactly(id);
    assertThat(jobs.info(RedisKeys.NO_USER))
        .hasValueSatisfying(group -> assertThat(group.isGroup()).isTrue());
  }

  @Test
  void aCommandJobAnswersItsOutputAndExitCode() throws Exception {
    String id = jobs.submitCommand(JobSpec.under(alice, "echo"), "echo out; echo err >&2");

    assertThat(ended(id).result()).hasToString("[\"out\\n\",\"err\\n\",0]");
  }

  @Test
  void codeWithoutATypeRunsAsPythonAndJavaCodeAsJava() throws Exception {
    String python = jobs.submitCode(JobSpec.under(alice, "py"), null, "return 1 + 2");
    Info java = jobs.queueCode(JobSpec.under(alice, "java"), "java", "return 2 * 21;");

    assertThat(java.status()).isEqualTo(JobStatus.QUEUED);
    assertThat(java.nameText()).isEqualTo("java");
    assertThat(ended(python).result()).hasToString("3");
    assertThat(ended(java.id()).result()).hasToString("42");
  }

  @Test
  void aFailingCommandFailsItsJob() throws Exception {
    String id = jobs.submitCode(JobSpec.under(alice, "fails"), "system", "echo no >&2; exit 3");

    Info failed = ended(id);
    assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
    assertThat(failureText(failed))
        .startsWith("exit code 3\nFailed to execute: echo no >&2; exit 3\n");
  }

  @Test
  void blankCodeAnUnknownTypeAndAMissingFunctionAreRefusedAndNothingIsStored() {
    assertThat(catchThrowable(() -> jobs.submitCode(JobSpec.under(alice, "x"), "system", " \n")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a command must not be blank");
    assertThat(catchThrowable(() -> jobs.submitCode(JobSpec.under(alice, "x"), "system", null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a command must not be blank");
    assertThat(catchThrowable(() -> jobs.submitCode(JobSpec.under(alice, "x"), "cobol", "x")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(catchThrowable(() -> jobs.submit(JobSpec.under(alice, "x"), null)))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("function");

    assertThat(jobs.children(alice)).isEmpty();
  }

  @Test
  void aJobForAContextThatIsNotConfiguredIsRefused() {
    Throwable refused =
        catchThrowable(
            () -> jobs.submit(JobSpec.under(alice, "x").inContext("tpu"), (job, args) -> 1));

    assertThat(refused)
        .isInstanceOf(UnknownContextException.class)
        .hasMessage("unknown context 'tpu'; known contexts: default, gpu");
    assertThat(jobs.children(alice)).isEmpty();
  }

  @Test
  void aJobForAParentThatDoesNotExistIsRefused() {
    Throwable refused =
        catchThrowable(() -> jobs.submit(JobSpec.under("no-such-group", "x"), (job, args) -> 1));

    assertThat(refused).isInstanceOf(UnknownNodeException.class);
  }

  @Test
  void aCallerChosenIdIsUsedOnceAndMustBeAValidId() throws Exception {
    String id =
        jobs.submit(JobSpec.under(alice, "mine").withId("my-job-1"), (job, args) -> job.id());

    assertThat(id).isEqualTo("my-job-1");
    assertThat(ended(id).result()).hasToString("\"my-job-1\"");

    Throwable again =
        catchThrowable(
            () -> jobs.submit(JobSpec.under(alice, "again").withId("my-job-1"), (job, args) -> 2));
    assertThat(again)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ID 'my-job-1' is already in use");
    Throwable spaced =
        catchThrowable(
            () -> jobs.submit(JobSpec.under(alice, "bad").withId("my job"), (job, args) -> 3));
    assertThat(spaced).isInstanceOf(IllegalArgumentException.class);
    assertThat(jobs.children(alice)).extracting(Info::id).containsExactly("my-job-1");
  }

  @Test
  void jobsWithoutAChosenIdGetDistinctOnes() {
    String first = jobs.submit(JobSpec.under(alice, "a"), (job, args) -> 1);
    String second = jobs.submit(JobSpec.under(alice, "b"), (job, args) -> 2);

    assertThat(first).isNotEqualTo(second);
    assertThat(jobs.info(first)).isPresent();
    assertThat(jobs.info(second)).isPresent();
  }

  @Test
  void groupsNestUnderTheirParentAndTakeJobs() throws Exception {
    String outer = jobs.createGroup("outer", alice);
    Info inner = jobs.info(jobs.createGroup("inner", outer)).orElseThrow();

    String id = jobs.submit(JobSpec.under(inner.id(), "deep"), (job, args) -> "deep");

    assertThat(inner.isGroup()).isTrue();
    assertThat(inner.parent()).isEqualTo(outer);
    assertThat(jobs.children(alice)).extracting(Info::id).containsExactly(outer);
    assertThat(jobs.children(outer)).extracting(Info::nameText).containsExactly("inner");
    assertThat(ended(id).parent()).isEqualTo(inner.id());
    assertThat(catchThrowable(() -> jobs.createGroup("orphan", null)))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("parent");
    assertThat(catchThrowable(() -> jobs.createGroup("lost", "no-such-group")))
        .isInstanceOf(UnknownNodeException.class);
  }

  @Test
  void aUsersGroupIsTheSameEachTimeAndTheContextsAreTheConfiguredOnes() {
    assertThat(jobs.userGroup("alice")).isEqualTo(alice);
    assertThat(jobs.userGroup("bob")).isNotEqualTo(alice);
    assertThat(jobs.info(alice))
        .hasValueSatisfying(group -> assertThat(group.nameText()).isEqualTo("alice"));
    assertThat(jobs.contexts()).containsExactly("default", "gpu");
  }
}
