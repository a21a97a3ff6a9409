package io.moi.jobs;

import static io.moi.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.moi.InContainer;
import io.moi.ItRedis;
import io.moi.Recorder;
import io.moi.jobs.boundary.InvalidSubmissionException;
import io.moi.jobs.boundary.Jobs;
import io.moi.jobs.control.ContextBusyException;
import io.moi.jobs.entity.JobSpec;
import io.moi.tree.entity.Info;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonString;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;

/**
 * The job engine inside a real Payara Micro, against a real redis-server: what a separate
 * subscriber sees and what is stored. What happens when Redis goes away is {@link RedisOutageIT}.
 */
@ExtendWith(ArquillianExtension.class)
class JobEngineIT {

  @Deployment
  static WebArchive deployment() {
    return InContainer.builtWarWith(
        JobEngineIT.class, Recorder.class, Recorder.Seen.class, ItRedis.class);
  }

  @Inject Jobs jobs;

  private static Jedis redis() {
    return ItRedis.client();
  }

  private String newUserGroup() {
    return jobs.userGroup("it-" + UUID.randomUUID());
  }

  private Info awaitInfo(String id, Predicate<Info> condition) throws Exception {
    return awaitInfo(id, condition, 30);
  }

  private Info awaitInfo(String id, Predicate<Info> condition, int seconds) throws Exception {
    return await(
        Duration.ofSeconds(seconds),
        "job " + id + " in the expected state",
        () -> jobs.info(id).orElse(null),
        info -> info != null && condition.test(info));
  }

  private Info awaitEnd(String id) throws Exception {
    return awaitInfo(id, i -> "Success".equals(i.status()) || "Failed".equals(i.status()));
  }

  /** A failed job's result: the protocol's list of lines, the one that says what happened last. */
  private static List<String> lines(Info failed) {
    assertThat(failed.result()).as("a failure's list of lines").isInstanceOf(JsonArray.class);
    return ((JsonArray) failed.result())
        .getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
  }

  private static String last(Info failed) {
    List<String> lines = lines(failed);
    return lines.get(lines.size() - 1);
  }

  @Test
  void subscriberSeesAddThenEveryStateInOrderWithTheStateAlreadyStored() throws Exception {
    String group = newUserGroup();
    String id = "ordered-" + UUID.randomUUID();
    var blockerRelease = new CountDownLatch(1);
    var step = new Semaphore(0);
    // Occupy the tiny context's only thread so the job stays Queued until released.
    String blocker =
        jobs.submit(
            JobSpec.under(group, "blocker").inContext("tiny"),
            (job, args) -> blockerRelease.await(30, TimeUnit.SECONDS));
    awaitInfo(blocker, i -> "Running".equals(i.status()));

    try (var recorder =
        new Recorder(
            ItRedis.HOST, ItRedis.port(), id, List.of(group + ":pubsub", id + ":pubsub"))) {
      jobs.submit(
          JobSpec.under(group, "ordered").inContext("tiny").withId(id).withUrl("/results"),
          (job, args) -> {
            step.acquire();
            job.statusUpdate("step 1");
            step.acquire();
            assertThat(job.statusUpdate("step 2")).isEqualTo("step 1");
            step.acquire();
            return Map.of("answer", 42);
          });

      var add = recorder.next();
      assertThat(add.channel()).isEqualTo(group + ":pubsub");
      assertThat(add.message()).isEqualTo("{\"add\":[\"" + id + "\"]}");
      assertThat(add.stored().status()).isEqualTo("Queued");
      assertThat(add.stored().parent()).isEqualTo(group);
      assertThat(add.stored().url()).isEqualTo("/results");
      blockerRelease.countDown();

      for (String expected : List.of("Running", "step 1", "step 2", "Success")) {
        var update = recorder.next();
        assertThat(update.channel()).isEqualTo(id + ":pubsub");
        assertThat(update.message()).isEqualTo("{\"update\":[\"" + id + "\"]}");
        assertThat(update.stored().status())
            .as("stored status when the update arrived")
            .isEqualTo(expected);
        step.release();
      }
    }
    Info done = jobs.info(id).orElseThrow();
    assertThat(done.result().toString()).isEqualTo("{\"answer\":42}");
    assertThat(done.dateStart()).isNotNull();
    assertThat(done.dateEnd()).isNotNull();
    assertThat(jobs.children(group)).extracting(Info::id).contains(id);
  }

  @Test
  void thrownExceptionFailsTheJobWithItsStackTrace() throws Exception {
    String id =
        jobs.submitAnonymous(
            "thrower",
            (job, args) -> {
              throw new IllegalStateException("crash and burn");
            });
    Info failed = awaitEnd(id);
    assertThat(failed.status()).isEqualTo("Failed");
    assertThat(failed.parent()).isEqualTo("no-user");
    assertThat(last(failed)).isEqualTo("java.lang.IllegalStateException: crash and burn\n");
    assertThat(lines(failed)).anyMatch(l -> l.startsWith("  at io.moi.jobs.JobEngineIT"));
    assertThat(failed.dateEnd()).isNotNull();
  }

  public static class Unwritable {
    public String getValue() {
      throw new UnsupportedOperationException("no value today");
    }
  }

  @Test
  void resultThatJsonbCannotWriteFailsSayingSo() throws Exception {
    String id = jobs.submitAnonymous("unwritable", (job, args) -> new Unwritable());
    Info failed = awaitEnd(id);
    assertThat(failed.status()).isEqualTo("Failed");
    assertThat(last(failed)).startsWith("The job returned a value that cannot be written as JSON");
    assertThat(failure(failed)).contains("no value today");
  }

  @Test
  void functionReceivesItsArgumentsAndItsJob() throws Exception {
    String group = newUserGroup();
    String id =
        jobs.submit(
            JobSpec.under(group, "args"),
            (job, args) -> List.of(args[0], args[1], job.context(), job.parent(), job.id()),
            "a",
            7);
    Info done = awaitEnd(id);
    assertThat(done.status()).isEqualTo("Success");
    assertThat(((JsonArray) done.result()).stream().map(Object::toString))
        .containsExactly("\"a\"", "7", "\"default\"", "\"" + group + "\"", "\"" + id + "\"");
  }

  @Test
  void systemCommandRecordsStdoutStderrAndExitCode() throws Exception {
    String id =
        jobs.submitCommand(
            JobSpec.under(newUserGroup(), "echo"), "echo 'hello from moi'; echo note >&2");
    Info done = awaitEnd(id);
    assertThat(done.status()).isEqualTo("Success");
    JsonArray result = (JsonArray) done.result();
    assertThat(result.getString(0)).isEqualTo("hello from moi\n");
    assertThat(result.getString(1)).isEqualTo("note\n");
    assertThat(((JsonNumber) result.get(2)).intValue()).isZero();
  }

  @Test
  void failedCommandKeepsStdoutAndStderr() throws Exception {
    String id =
        jobs.submitCommand(
            JobSpec.under(newUserGroup(), "fails"), "echo partial; foobar-no-such-command; exit 3");
    Info failed = awaitEnd(id);
    assertThat(failed.status()).isEqualTo("Failed");
    assertThat(lines(failed).get(0)).isEqualTo("exit code 3\n");
    String result = last(failed);
    assertThat(result)
        .startsWith(
            "Failed to execute: echo partial; foobar-no-such-command; exit 3\nstdout: partial\n\nstderr: ")
        .contains("foobar-no-such-command: not found");
  }

  @Test
  void unknownContextIsRefusedAndNothingIsStored() {
    String group = newUserGroup();
    String id = "never-" + UUID.randomUUID();
    assertThatThrownBy(
            () ->
                jobs.submit(
                    JobSpec.under(group, "lost").inContext("gpu").withId(id), (job, args) -> 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown context 'gpu'");
    assertThat(jobs.info(id)).isEmpty();
    assertThat(jobs.children(group)).isEmpty();
  }

  @Test
  void unknownParentIsRefused() {
    assertThatThrownBy(
            () -> jobs.submit(JobSpec.under("no-such-group", "orphan"), (job, args) -> 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no-such-group");
  }

  @Test
  void badInputIsRefusedUnwrappedWithItsReason() throws Exception {
    String group = newUserGroup();
    assertThatThrownBy(
            () -> jobs.submit(JobSpec.under(group, "x").withId("has space"), (job, args) -> 1))
        .isInstanceOf(InvalidSubmissionException.class)
        .hasMessageContaining("without spaces");
    assertThatThrownBy(() -> jobs.submitCommand(JobSpec.under(group, "x"), " "))
        .isInstanceOf(InvalidSubmissionException.class)
        .hasMessageContaining("command must not be blank");
    String taken = jobs.submit(JobSpec.under(group, "first"), (job, args) -> 1);
    assertThatThrownBy(
            () -> jobs.submit(JobSpec.under(group, "second").withId(taken), (job, args) -> 2))
        .isInstanceOf(InvalidSubmissionException.class)
        .hasMessageContaining("already in use");
    assertThat(jobs.children(group)).hasSize(1);
    awaitEnd(taken); // so that no write of this test lands in another's count of Redis commands
  }

  @Test
  void jobCannotWriteASystemStatus() throws Exception {
    String id = jobs.submitAnonymous("cheat", (job, args) -> job.statusUpdate("Success"));
    Info failed = awaitEnd(id);
    assertThat(failed.status()).isEqualTo("Failed");
    assertThat(last(failed)).contains("'Success' is set by moi itself");
  }

  @Test
  void fullQueueIsRefusedAndNothingIsStored() throws Exception {
    String group = newUserGroup();
    var release = new CountDownLatch(1);
    String running =
        jobs.submit(
            JobSpec.under(group, "running").inContext("tiny"),
            (job, args) -> release.await(30, TimeUnit.SECONDS));
    awaitInfo(running, i -> "Running".equals(i.status()));
    String waiting =
        jobs.submit(JobSpec.under(group, "waiting").inContext("tiny"), (job, args) -> "ran");
    String refusedId = "refused-" + UUID.randomUUID();
    try {
      assertThatThrownBy(
              () ->
                  jobs.submit(
                      JobSpec.under(group, "refused").inContext("tiny").withId(refusedId),
                      (job, args) -> 1))
          .isInstanceOf(ContextBusyException.class)
          .hasMessageContaining("context 'tiny' is full");
      assertThat(jobs.info(refusedId)).isEmpty();
      assertThat(jobs.children(group)).hasSize(2);
    } finally {
      release.countDown();
    }
    assertThat(awaitEnd(waiting).status()).isEqualTo("Success");
    assertThat(awaitEnd(running).status()).isEqualTo("Success");
  }

  @Test
  void everyKeyGetsAnExpiryAndExpiredMembersAreDroppedOnRead() throws Exception {
    String root = newUserGroup();
    String group = jobs.createGroup("nested", root);
    String id = jobs.submit(JobSpec.under(group, "expiring"), (job, args) -> "ok");
    awaitEnd(id);
    long retention = Duration.ofDays(14).toSeconds();
    try (Jedis redis = redis()) {
      for (String key : List.of(id, group, group + ":children", root, root + ":children")) {
        // ancestors get up to a minute beyond the retention (see Nodes)
        assertThat(redis.ttl(key)).as("TTL of " + key).isBetween(retention - 59, retention + 60);
      }
      redis.sadd(group + ":children", "expired-member");
      assertThat(jobs.children(group)).extracting(Info::id).containsExactly(id);
      assertThat(redis.sismember(group + ":children", "expired-member")).isFalse();
      assertThat(redis.hget("user-id-map", jobs.info(root).orElseThrow().nameText()))
          .isEqualTo(root);
      assertThat(redis.hget("user-id-map", root))
          .isEqualTo(jobs.info(root).orElseThrow().nameText());
    }
  }

  @Test
  void aNewNodeHasItsExpiryFromTheMomentItIsCreated() throws Exception {
    String root = newUserGroup();
    String empty = jobs.createGroup("empty", root);
    var release = new CountDownLatch(1);
    String running =
        jobs.submit(
            JobSpec.under(root, "holds the tiny context").inContext("tiny"),
            (job, args) -> release.await(30, TimeUnit.SECONDS));
    String queued = null;
    try {
      awaitInfo(running, i -> "Running".equals(i.status()));
      queued =
          jobs.submit(JobSpec.under(root, "stays queued").inContext("tiny"), (job, args) -> "ran");
      long retention = Duration.ofDays(14).toSeconds();
      try (Jedis redis = redis()) {
        // read before any later write of these nodes could have set an expiry again
        assertThat(jobs.info(queued).orElseThrow().status()).isEqualTo("Queued");
        for (String key : List.of(empty, queued, root + ":children")) {
          assertThat(redis.ttl(key)).as("TTL of " + key).isBetween(retention - 59, retention + 60);
        }
      }
    } finally {
      release.countDown();
    }
    // both end before the next test, whose count of Redis commands their writes would upset
    assertThat(awaitEnd(running).status()).isEqualTo("Success");
    assertThat(awaitEnd(queued).status()).isEqualTo("Success");
  }

  @Test
  void eachStateChangeIsOneMultiExecRoundTrip() throws Exception {
    String group = newUserGroup();
    var go = new CountDownLatch(1);
    try (Jedis redis = redis()) {
      redis.configResetStat();
      long readsBefore = stat(redis.info("stats"), "total_reads_processed");
      String id =
          jobs.submit(
              JobSpec.under(group, "counted"),
              (job, args) -> {
                go.await(30, TimeUnit.SECONDS);
                job.statusUpdate("half way");
                job.statusUpdate("nearly");
                return 1;
              });
      go.countDown();
      assertThat(awaitInfoQuietly(redis, id)).isEqualTo("Success");
      long reads = stat(redis.info("stats"), "total_reads_processed") - readsBefore;
      String commands = redis.info("commandstats");
      // created, Running, two updates, Success: five transactions, five publishes
      assertThat(calls(commands, "multi")).as(commands).isEqualTo(5);
      assertThat(calls(commands, "exec")).as(commands).isEqualTo(5);
      assertThat(calls(commands, "publish")).as(commands).isEqualTo(5);
      // Every command outside the transactions is one read event of its own; what remains
      // are the read events of the five transactions: one each when they are pipelined.
      // (EVAL's scripts decide expiries inside the transaction; their commands count too)
      // (a function job is listed under its server: SADD at its creation, SREM at its end)
      var transactional =
          java.util.Set.of(
              "multi", "exec", "set", "sadd", "srem", "expire", "publish", "eval", "ttl", "exists");
      long others =
          commands
              .lines()
              .filter(l -> l.startsWith("cmdstat_"))
              .filter(l -> !transactional.contains(l.substring(8, l.indexOf(':'))))
              .filter(l -> !l.startsWith("cmdstat_xreadgroup:"))
              .mapToLong(JobEngineIT::callsOf)
              .sum();
      // CONFIG RESETSTAT and the first INFO were read before the baseline was taken. The
      // queue's blocking reads (one a second while idle) are counted when they answer: one
      // that was read before the baseline, or one still waiting at the end, shifts the count
      // by one at most.
      long transactionReads = reads - (others - 2) - calls(commands, "xreadgroup");
      assertThat(transactionReads)
          .as("read events of the transactions; " + commands)
          .isBetween(4L, 6L);
    }
  }

  // Polls with the test's own connection so that its reads are counted as GET calls.
  private static String awaitInfoQuietly(Jedis redis, String id) throws Exception {
    return await(
        Duration.ofSeconds(30),
        "job " + id + " ended",
        () ->
            Optional.ofNullable(redis.get(id))
                .map(json -> Info.fromJson(json).status())
                .orElse(null),
        status -> "Success".equals(status) || "Failed".equals(status));
  }

  private static long callsOf(String commandstatsLine) {
    return Long.parseLong(commandstatsLine.replaceAll("^cmdstat_[^:]+:calls=(\\d+),.*", "$1"));
  }

  private static long stat(String info, String name) {
    return info.lines()
        .filter(l -> l.startsWith(name + ":"))
        .findFirst()
        .map(l -> Long.parseLong(l.substring(name.length() + 1).trim()))
        .orElseThrow();
  }

  private static long calls(String commandstats, String command) {
    return commandstats
        .lines()
        .filter(l -> l.startsWith("cmdstat_" + command + ":"))
        .findFirst()
        .map(JobEngineIT::callsOf)
        .orElse(0L);
  }

  @Test
  void aFunctionJobRunsWithTheApplicationsClassLoaderAsItsContextLoader() throws Exception {
    // the executor captures its context under another loader (Handoffs): the job must not see it
    String id =
        jobs.submit(
            JobSpec.under(newUserGroup(), "loader"),
            (job, args) ->
                Thread.currentThread().getContextClassLoader() == JobEngineIT.class.getClassLoader()
                    && jakarta.json.bind.JsonbBuilder.create().toJson(List.of(1)).equals("[1]"));
    Info done = awaitEnd(id);
    assertThat(done.status()).isEqualTo("Success");
    assertThat(done.result().toString()).isEqualTo("true");
  }

  @Test
  void pythonCodeIsTheBodyOfAFunctionAndItsValueTheResult() throws Exception {
    String group = newUserGroup();
    String id =
        jobs.submitCode(
            JobSpec.under(group, "no-user-cmd-submit"), "python", "x = 5; return x + 10");
    Info done = awaitEnd(id);
    assertThat(done.status()).isEqualTo("Success");
    assertThat(done.result().toString()).isEqualTo("15");
    String byDefault =
        jobs.submitCode(JobSpec.under(group, "default type"), null, "return [1, 'two']");
    assertThat(awaitEnd(byDefault).result().toString()).isEqualTo("[1,\"two\"]");
  }

  @Test
  void pythonErrorFailsTheJobWithPythonsOwnText() throws Exception {
    String id =
        jobs.submitCode(
            JobSpec.under(newUserGroup(), "crash"), "python", "return float('crash and burn')");
    Info failed = awaitEnd(id);
    assertThat(failed.status()).isEqualTo("Failed");
    assertThat(lines(failed).get(0)).isEqualTo("Traceback (most recent call last):\n");
    assertThat(last(failed))
        .isEqualTo("ValueError: could not convert string to float: 'crash and burn'\n");
  }

  @Test
  void theServersTimeLimitStopsPythonAndSystemJobs() throws Exception {
    // The integration tests' server runs with moi.job.timeout=15s
    // (src/test/resources/arquillian.xml).
    String group = newUserGroup();
    String system =
        jobs.submitCode(JobSpec.under(group, "sleeps"), "system", "echo dozing; sleep 120");
    String python =
        jobs.submitCode(JobSpec.under(group, "sleeps"), "python", "import time\ntime.sleep(120)");
    for (String id : List.of(system, python)) {
      Info failed = awaitInfo(id, i -> "Failed".equals(i.status()), 60);
      assertThat(last(failed)).startsWith("Killed after the time limit of 15s (moi.job.timeout)");
    }
    assertThat(failure(jobs.info(system).orElseThrow()))
        .as("the output so far is kept")
        .contains("stdout: dozing");
  }

  @Test
  void theServersOutputCapCutsPythonAndSystemOutput() throws Exception {
    // The integration tests' server runs with moi.job.max-output=65536. (Whole outputs are too
    // long for a failure's message: the assertions name a part of them.)
    String group = newUserGroup();
    String note =
        "134464 more bytes dropped: output is capped at 65536 bytes (moi.job.max-output)]";
    String system =
        jobs.submitCode(
            JobSpec.under(group, "floods"), "system", "head -c 200000 /dev/zero | tr '\\0' x");
    JsonArray result = (JsonArray) awaitEnd(system).result();
    String stdout = result.getString(0);
    assertThat(stdout.startsWith("x".repeat(65536) + "\n[")).as(stdout.substring(0, 100)).isTrue();
    assertThat(stdout.contains(note)).as(stdout.substring(65536)).isTrue();

    String failing =
        jobs.submitCode(
            JobSpec.under(group, "floods"),
            "system",
            "head -c 200000 /dev/zero | tr '\\0' y >&2; exit 3");
    Info failed = awaitEnd(failing);
    assertThat(failed.status()).isEqualTo("Failed");
    String failedText = failure(failed);
    assertThat(failedText.contains("y".repeat(65536) + "\n[")).as("stderr cut back").isTrue();
    assertThat(failedText.contains(note))
        .as(failedText.substring(failedText.length() - 200))
        .isTrue();

    String python =
        jobs.submitCode(
            JobSpec.under(group, "floods"),
            "python",
            "import sys\nsys.stderr.write('z' * 200000)\nraise ValueError('after the flood')");
    Info crashed = awaitEnd(python);
    assertThat(crashed.status()).isEqualTo("Failed");
    String text = failure(crashed);
    assertThat(text.contains("z".repeat(65536) + "\n[")).as("python's stderr cut back").isTrue();
    assertThat(text.contains("more bytes dropped: output is capped at 65536 bytes"))
        .as(text.substring(text.length() - 300))
        .isTrue();
  }

  /** A failure's whole text. */
  private static String failure(Info failed) {
    return String.join("", lines(failed));
  }

  @Test
  void javaCodeIsCompiledAndItsValueTheResult() throws Exception {
    String id =
        jobs.submitCode(JobSpec.under(newUserGroup(), "java"), "java", "var x = 5; return x + 10;");
    Info done = awaitEnd(id);
    assertThat(done.status()).as(() -> String.valueOf(done.result())).isEqualTo("Success");
    assertThat(done.result().toString()).isEqualTo("15");
  }

  @Test
  void systemCodeRecordsStdoutStderrAndExitCode() throws Exception {
    String id =
        jobs.submitCode(JobSpec.under(newUserGroup(), "system"), "system", "echo 'hello from moi'");
    Info done = awaitEnd(id);
    assertThat(done.status()).isEqualTo("Success");
    assertThat(done.result().toString()).isEqualTo("[\"hello from moi\\n\",\"\",0]");
  }

  @Test
  void aSystemJobSeesNoneOfTheServersVariables() throws Exception {
    String id = jobs.submitCode(JobSpec.under(newUserGroup(), "env"), "system", "env");
    Info done = awaitEnd(id);
    assertThat(done.status()).as(() -> String.valueOf(done.result())).isEqualTo("Success");
    Map<String, String> seen =
        ((JsonArray) done.result())
            .getString(0)
            .lines()
            .filter(line -> line.contains("="))
            .collect(
                Collectors.toMap(
                    line -> line.substring(0, line.indexOf('=')),
                    line -> line.substring(line.indexOf('=') + 1),
                    (a, b) -> b));
    var allowed =
        java.util.Set.of(
            "PATH",
            "LANG",
            "LC_ALL",
            "LC_CTYPE",
            "HOME",
            "TMPDIR",
            "MOI_JOB_ID",
            "MOI_STATUS_FILE",
            "PWD");
    assertThat(seen.keySet()).as("the variables the job saw").isSubsetOf(allowed);
    assertThat(seen.get("MOI_JOB_ID")).isEqualTo(id);
    assertThat(seen).doesNotContainKey("REDIS_URL");
    String port = String.valueOf(ItRedis.port());
    assertThat(seen.values())
        .as("values naming the Redis port " + port)
        .noneMatch(value -> value.contains(port));
    // The server itself has variables that the job must not see.
    assertThat(System.getenv().keySet()).anyMatch(name -> !allowed.contains(name));
  }

  @Test
  void unknownCodeTypeIsRefusedAndNothingIsStored() {
    String group = newUserGroup();
    assertThatThrownBy(() -> jobs.submitCode(JobSpec.under(group, "ruby"), "ruby", "puts 15"))
        .isInstanceOf(InvalidSubmissionException.class)
        .hasMessageContaining("unknown cmd-type 'ruby'; allowed: python, system, java");
    assertThat(jobs.children(group)).isEmpty();
  }
}
