package io.moi.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.moi.ItRedis;
import io.moi.Recorder;
import io.moi.jobs.boundary.InvalidSubmissionException;
import io.moi.jobs.boundary.Jobs;
import io.moi.jobs.control.ContextBusyException;
import io.moi.jobs.control.Contexts;
import io.moi.jobs.control.JobRunner;
import io.moi.jobs.entity.JobSpec;
import io.moi.redis.RedisUnavailableException;
import io.moi.tree.control.Nodes;
import io.moi.tree.entity.Dates;
import io.moi.tree.entity.Info;
import io.moi.tree.entity.Lineage;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonString;
import java.io.File;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The job engine inside a real Payara Micro, against a real redis-server: what a separate
 * subscriber sees, what is stored, and what happens when Redis goes away.
 */
@ExtendWith(ArquillianExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JobEngineIT {

  @Deployment
  static WebArchive deployment() {
    return ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("it.war")))
        .addClasses(JobEngineIT.class, Recorder.class, Recorder.Seen.class, ItRedis.class);
  }

  @Inject Jobs jobs;
  @Inject JobRunner runner;
  @Inject Contexts contexts;
  @Inject Nodes nodes;

  @ArquillianResource URL base;

  private static Jedis redis() {
    return ItRedis.client();
  }

  private String newUserGroup() {
    return jobs.userGroup("it-" + UUID.randomUUID());
  }

  private Info awaitInfo(String id, Predicate<Info> condition) throws InterruptedException {
    return awaitInfo(id, condition, 30);
  }

  private Info awaitInfo(String id, Predicate<Info> condition, int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      var info = jobs.info(id);
      if (info.isPresent() && condition.test(info.get())) {
        return info.get();
      }
      Thread.sleep(20);
    }
    throw new AssertionError("job " + id + " did not reach the expected state: " + jobs.info(id));
  }

  private Info awaitEnd(String id) throws InterruptedException {
    return awaitInfo(id, i -> "Success".equals(i.status()) || "Failed".equals(i.status()));
  }

  /** A failed job's result: the protocol's list of lines, the one that says what happened last. */
  private static List<String> lines(Info failed) {
    assertTrue(failed.result() instanceof JsonArray, () -> "not a list of lines: " + failed.result());
    return ((JsonArray) failed.result()).getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
  }

  private static String last(Info failed) {
    List<String> lines = lines(failed);
    return lines.get(lines.size() - 1);
  }

  @Test
  @Order(1)
  void subscriberSeesAddThenEveryStateInOrderWithTheStateAlreadyStored() throws Exception {
    String group = newUserGroup();
    String id = "ordered-" + UUID.randomUUID();
    var blockerRelease = new CountDownLatch(1);
    var step = new Semaphore(0);
    // Occupy the tiny context's only thread so the job stays Queued until released.
    String blocker = jobs.submit(JobSpec.under(group, "blocker").inContext("tiny"),
        (job, args) -> blockerRelease.await(30, TimeUnit.SECONDS));
    awaitInfo(blocker, i -> "Running".equals(i.status()));

    try (var recorder = new Recorder(ItRedis.HOST, ItRedis.port(), id, List.of(group + ":pubsub", id + ":pubsub"))) {
      jobs.submit(JobSpec.under(group, "ordered").inContext("tiny").withId(id).withUrl("/results"),
          (job, args) -> {
            step.acquire();
            job.statusUpdate("step 1");
            step.acquire();
            assertEquals("step 1", job.statusUpdate("step 2"));
            step.acquire();
            return Map.of("answer", 42);
          });

      var add = recorder.next();
      assertEquals(group + ":pubsub", add.channel());
      assertEquals("{\"add\":[\"" + id + "\"]}", add.message());
      assertEquals("Queued", add.stored().status());
      assertEquals(group, add.stored().parent());
      assertEquals("/results", add.stored().url());
      blockerRelease.countDown();

      for (String expected : List.of("Running", "step 1", "step 2", "Success")) {
        var update = recorder.next();
        assertEquals(id + ":pubsub", update.channel());
        assertEquals("{\"update\":[\"" + id + "\"]}", update.message());
        assertEquals(expected, update.stored().status(), "stored status when the update arrived");
        step.release();
      }
    }
    Info done = jobs.info(id).orElseThrow();
    assertEquals("{\"answer\":42}", done.result().toString());
    assertNotNull(done.dateStart());
    assertNotNull(done.dateEnd());
    assertTrue(jobs.children(group).stream().anyMatch(i -> i.id().equals(id)));
  }

  @Test
  @Order(2)
  void thrownExceptionFailsTheJobWithItsStackTrace() throws Exception {
    String id = jobs.submitAnonymous("thrower", (job, args) -> {
      throw new IllegalStateException("crash and burn");
    });
    Info failed = awaitEnd(id);
    assertEquals("Failed", failed.status());
    assertEquals("no-user", failed.parent());
    assertEquals("java.lang.IllegalStateException: crash and burn\n", last(failed));
    assertTrue(lines(failed).stream().anyMatch(l -> l.startsWith("  at io.moi.jobs.JobEngineIT")), failure(failed));
    assertNotNull(failed.dateEnd());
  }

  public static class Unwritable {
    public String getValue() {
      throw new UnsupportedOperationException("no value today");
    }
  }

  @Test
  @Order(3)
  void resultThatJsonbCannotWriteFailsSayingSo() throws Exception {
    String id = jobs.submitAnonymous("unwritable", (job, args) -> new Unwritable());
    Info failed = awaitEnd(id);
    assertEquals("Failed", failed.status());
    assertTrue(last(failed).startsWith("The job returned a value that cannot be written as JSON"), failure(failed));
    assertTrue(failure(failed).contains("no value today"), failure(failed));
  }

  @Test
  @Order(4)
  void functionReceivesItsArgumentsAndItsJob() throws Exception {
    String group = newUserGroup();
    String id = jobs.submit(JobSpec.under(group, "args"),
        (job, args) -> List.of(args[0], args[1], job.context(), job.parent(), job.id()), "a", 7);
    Info done = awaitEnd(id);
    assertEquals("Success", done.status());
    assertEquals(List.of("\"a\"", "7", "\"default\"", "\"" + group + "\"", "\"" + id + "\""),
        ((JsonArray) done.result()).stream().map(Object::toString).collect(Collectors.toList()));
  }

  @Test
  @Order(5)
  void systemCommandRecordsStdoutStderrAndExitCode() throws Exception {
    String id = jobs.submitCommand(JobSpec.under(newUserGroup(), "echo"),
        "echo 'hello from moi'; echo note >&2");
    Info done = awaitEnd(id);
    assertEquals("Success", done.status());
    JsonArray result = (JsonArray) done.result();
    assertEquals("hello from moi\n", result.getString(0));
    assertEquals("note\n", result.getString(1));
    assertEquals(0, ((JsonNumber) result.get(2)).intValue());
  }

  @Test
  @Order(6)
  void failedCommandKeepsStdoutAndStderr() throws Exception {
    String id = jobs.submitCommand(JobSpec.under(newUserGroup(), "fails"),
        "echo partial; foobar-no-such-command; exit 3");
    Info failed = awaitEnd(id);
    assertEquals("Failed", failed.status());
    assertEquals("exit code 3\n", lines(failed).get(0));
    String result = last(failed);
    assertTrue(result.startsWith(
        "Failed to execute: echo partial; foobar-no-such-command; exit 3\nstdout: partial\n\nstderr: "), result);
    assertTrue(result.contains("foobar-no-such-command: not found"), result);
  }

  @Test
  @Order(7)
  void unknownContextIsRefusedAndNothingIsStored() {
    String group = newUserGroup();
    String id = "never-" + UUID.randomUUID();
    var refusal = assertThrows(IllegalArgumentException.class,
        () -> jobs.submit(JobSpec.under(group, "lost").inContext("gpu").withId(id), (job, args) -> 1));
    assertTrue(refusal.getMessage().contains("unknown context 'gpu'"), refusal.getMessage());
    assertTrue(jobs.info(id).isEmpty());
    assertTrue(jobs.children(group).isEmpty());
  }

  @Test
  @Order(8)
  void unknownParentIsRefused() {
    var refusal = assertThrows(IllegalArgumentException.class,
        () -> jobs.submit(JobSpec.under("no-such-group", "orphan"), (job, args) -> 1));
    assertTrue(refusal.getMessage().contains("no-such-group"), refusal.getMessage());
  }

  @Test
  @Order(8)
  void badInputIsRefusedUnwrappedWithItsReason() {
    String group = newUserGroup();
    var badId = assertThrows(InvalidSubmissionException.class,
        () -> jobs.submit(JobSpec.under(group, "x").withId("has space"), (job, args) -> 1));
    assertTrue(badId.getMessage().contains("without spaces"), badId.getMessage());
    var noCommand = assertThrows(InvalidSubmissionException.class,
        () -> jobs.submitCommand(JobSpec.under(group, "x"), " "));
    assertTrue(noCommand.getMessage().contains("command must not be blank"), noCommand.getMessage());
    String taken = jobs.submit(JobSpec.under(group, "first"), (job, args) -> 1);
    var reused = assertThrows(InvalidSubmissionException.class,
        () -> jobs.submit(JobSpec.under(group, "second").withId(taken), (job, args) -> 2));
    assertTrue(reused.getMessage().contains("already in use"), reused.getMessage());
    assertEquals(1, jobs.children(group).size());
  }

  @Test
  @Order(8)
  void jobCannotWriteASystemStatus() throws Exception {
    String id = jobs.submitAnonymous("cheat", (job, args) -> job.statusUpdate("Success"));
    Info failed = awaitEnd(id);
    assertEquals("Failed", failed.status());
    assertTrue(last(failed).contains("'Success' is set by moi itself"), failure(failed));
  }

  @Test
  @Order(9)
  void fullQueueIsRefusedAndNothingIsStored() throws Exception {
    String group = newUserGroup();
    var release = new CountDownLatch(1);
    String running = jobs.submit(JobSpec.under(group, "running").inContext("tiny"),
        (job, args) -> release.await(30, TimeUnit.SECONDS));
    awaitInfo(running, i -> "Running".equals(i.status()));
    String waiting = jobs.submit(JobSpec.under(group, "waiting").inContext("tiny"), (job, args) -> "ran");
    String refusedId = "refused-" + UUID.randomUUID();
    try {
      var refusal = assertThrows(ContextBusyException.class,
          () -> jobs.submit(JobSpec.under(group, "refused").inContext("tiny").withId(refusedId), (job, args) -> 1));
      assertTrue(refusal.getMessage().contains("context 'tiny' is full"), refusal.getMessage());
      assertTrue(jobs.info(refusedId).isEmpty());
      assertEquals(2, jobs.children(group).size());
    } finally {
      release.countDown();
    }
    assertEquals("Success", awaitEnd(waiting).status());
    assertEquals("Success", awaitEnd(running).status());
  }

  @Test
  @Order(10)
  void everyKeyGetsAnExpiryAndExpiredMembersAreDroppedOnRead() throws Exception {
    String root = newUserGroup();
    String group = jobs.createGroup("nested", root);
    String id = jobs.submit(JobSpec.under(group, "expiring"), (job, args) -> "ok");
    awaitEnd(id);
    long retention = Duration.ofDays(14).toSeconds();
    try (Jedis redis = redis()) {
      for (String key : List.of(id, group, group + ":children", root, root + ":children")) {
        long ttl = redis.ttl(key);
        assertTrue(ttl > retention - 60 && ttl <= retention, key + " has TTL " + ttl);
      }
      redis.sadd(group + ":children", "expired-member");
      assertEquals(List.of(id), jobs.children(group).stream().map(Info::id).toList());
      assertFalse(redis.sismember(group + ":children", "expired-member"));
      assertEquals(root, redis.hget("user-id-map", jobs.info(root).orElseThrow().nameText()));
      assertEquals(jobs.info(root).orElseThrow().nameText(), redis.hget("user-id-map", root));
    }
  }

  @Test
  @Order(10)
  void aNewNodeHasItsExpiryFromTheMomentItIsCreated() throws Exception {
    String root = newUserGroup();
    String empty = jobs.createGroup("empty", root);
    var release = new CountDownLatch(1);
    String running = jobs.submit(JobSpec.under(root, "holds the tiny context").inContext("tiny"),
        (job, args) -> release.await(30, TimeUnit.SECONDS));
    try {
      awaitInfo(running, i -> "Running".equals(i.status()));
      String queued = jobs.submit(JobSpec.under(root, "stays queued").inContext("tiny"), (job, args) -> "ran");
      long retention = Duration.ofDays(14).toSeconds();
      try (Jedis redis = redis()) {
        // read before any later write of these nodes could have set an expiry again
        assertEquals("Queued", jobs.info(queued).orElseThrow().status());
        for (String key : List.of(empty, queued, root + ":children")) {
          long ttl = redis.ttl(key);
          assertTrue(ttl > retention - 60 && ttl <= retention, key + " has TTL " + ttl);
        }
      }
    } finally {
      release.countDown();
    }
  }

  @Test
  @Order(11)
  void eachStateChangeIsOneMultiExecRoundTrip() throws Exception {
    String group = newUserGroup();
    var go = new CountDownLatch(1);
    try (Jedis redis = redis()) {
      redis.configResetStat();
      long readsBefore = stat(redis.info("stats"), "total_reads_processed");
      String id = jobs.submit(JobSpec.under(group, "counted"), (job, args) -> {
        go.await(30, TimeUnit.SECONDS);
        job.statusUpdate("half way");
        job.statusUpdate("nearly");
        return 1;
      });
      go.countDown();
      assertEquals("Success", awaitInfoQuietly(redis, id));
      long reads = stat(redis.info("stats"), "total_reads_processed") - readsBefore;
      String commands = redis.info("commandstats");
      // created, Running, two updates, Success: five transactions, five publishes
      assertEquals(5, calls(commands, "multi"), commands);
      assertEquals(5, calls(commands, "exec"), commands);
      assertEquals(5, calls(commands, "publish"), commands);
      // Every command outside the transactions is one read event of its own; what remains
      // are the read events of the five transactions: one each when they are pipelined.
      // (EVAL's scripts decide expiries inside the transaction; their commands count too)
      // (a function job is listed under its server: SADD at its creation, SREM at its end)
      var transactional = java.util.Set.of(
          "multi", "exec", "set", "sadd", "srem", "expire", "publish", "eval", "ttl", "exists");
      long others = commands.lines().filter(l -> l.startsWith("cmdstat_"))
          .filter(l -> !transactional.contains(l.substring(8, l.indexOf(':'))))
          .filter(l -> !l.startsWith("cmdstat_xreadgroup:"))
          .mapToLong(JobEngineIT::callsOf).sum();
      // CONFIG RESETSTAT and the first INFO were read before the baseline was taken. The
      // queue's blocking reads (one a second while idle) are counted when they answer: one
      // that was read before the baseline, or one still waiting at the end, shifts the count
      // by one at most.
      long transactionReads = reads - (others - 2) - calls(commands, "xreadgroup");
      assertTrue(Math.abs(transactionReads - 5) <= 1, "read events of the transactions: "
          + transactionReads + "; " + commands);
    }
  }

  // Polls with the test's own connection so that its reads are counted as GET calls.
  private static String awaitInfoQuietly(Jedis redis, String id) throws InterruptedException {
    for (int i = 0; i < 1500; i++) {
      String json = redis.get(id);
      if (json != null) {
        String status = Info.fromJson(json).status();
        if ("Success".equals(status) || "Failed".equals(status)) {
          return status;
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("job did not end");
  }

  private static long callsOf(String commandstatsLine) {
    return Long.parseLong(commandstatsLine.replaceAll("^cmdstat_[^:]+:calls=(\\d+),.*", "$1"));
  }

  private static long stat(String info, String name) {
    return info.lines().filter(l -> l.startsWith(name + ":")).findFirst()
        .map(l -> Long.parseLong(l.substring(name.length() + 1).trim())).orElseThrow();
  }

  private static long calls(String commandstats, String command) {
    return commandstats.lines().filter(l -> l.startsWith("cmdstat_" + command + ":")).findFirst()
        .map(JobEngineIT::callsOf).orElse(0L);
  }

  @Test
  @Order(12)
  void pythonCodeIsTheBodyOfAFunctionAndItsValueTheResult() throws Exception {
    String group = newUserGroup();
    String id = jobs.submitCode(JobSpec.under(group, "no-user-cmd-submit"), "python", "x = 5; return x + 10");
    Info done = awaitEnd(id);
    assertEquals("Success", done.status());
    assertEquals("15", done.result().toString());
    String byDefault = jobs.submitCode(JobSpec.under(group, "default type"), null, "return [1, 'two']");
    assertEquals("[1,\"two\"]", awaitEnd(byDefault).result().toString());
  }

  @Test
  @Order(13)
  void pythonErrorFailsTheJobWithPythonsOwnText() throws Exception {
    String id = jobs.submitCode(JobSpec.under(newUserGroup(), "crash"), "python", "return float('crash and burn')");
    Info failed = awaitEnd(id);
    assertEquals("Failed", failed.status());
    assertEquals("Traceback (most recent call last):\n", lines(failed).get(0));
    assertEquals("ValueError: could not convert string to float: 'crash and burn'\n", last(failed));
  }

  @Test
  @Order(13)
  void theServersTimeLimitStopsPythonAndSystemJobs() throws Exception {
    // The integration tests' server runs with moi.job.timeout=15s (src/test/resources/arquillian.xml).
    String group = newUserGroup();
    String system = jobs.submitCode(JobSpec.under(group, "sleeps"), "system", "echo dozing; sleep 120");
    String python = jobs.submitCode(JobSpec.under(group, "sleeps"), "python", "import time\ntime.sleep(120)");
    for (String id : List.of(system, python)) {
      Info failed = awaitInfo(id, i -> "Failed".equals(i.status()), 60);
      assertTrue(last(failed).startsWith("Killed after the time limit of 15s (moi.job.timeout)"), failure(failed));
    }
    assertTrue(failure(jobs.info(system).orElseThrow()).contains("stdout: dozing"), "the output so far is kept");
  }

  @Test
  @Order(13)
  void theServersOutputCapCutsPythonAndSystemOutput() throws Exception {
    // The integration tests' server runs with moi.job.max-output=65536.
    String group = newUserGroup();
    String note = "134464 more bytes dropped: output is capped at 65536 bytes (moi.job.max-output)]";
    String system = jobs.submitCode(JobSpec.under(group, "floods"), "system", "head -c 200000 /dev/zero | tr '\\0' x");
    JsonArray result = (JsonArray) awaitEnd(system).result();
    String stdout = result.getString(0);
    assertTrue(stdout.startsWith("x".repeat(65536) + "\n["), stdout.substring(0, 100));
    assertTrue(stdout.contains(note), stdout.substring(65536));

    String failing = jobs.submitCode(JobSpec.under(group, "floods"), "system", "head -c 200000 /dev/zero | tr '\\0' y >&2; exit 3");
    Info failed = awaitEnd(failing);
    assertEquals("Failed", failed.status());
    String failedText = failure(failed);
    assertTrue(failedText.contains("y".repeat(65536) + "\n["), "stderr cut back");
    assertTrue(failedText.contains(note), failedText.substring(failedText.length() - 200));

    String python = jobs.submitCode(JobSpec.under(group, "floods"), "python",
        "import sys\nsys.stderr.write('z' * 200000)\nraise ValueError('after the flood')");
    Info crashed = awaitEnd(python);
    assertEquals("Failed", crashed.status());
    String text = failure(crashed);
    assertTrue(text.contains("z".repeat(65536) + "\n["), "python's stderr cut back");
    assertTrue(text.contains("more bytes dropped: output is capped at 65536 bytes"), text.substring(text.length() - 300));
  }

  /** A failure's whole text. */
  private static String failure(Info failed) {
    return String.join("", lines(failed));
  }

  @Test
  @Order(14)
  void javaCodeIsCompiledAndItsValueTheResult() throws Exception {
    String id = jobs.submitCode(JobSpec.under(newUserGroup(), "java"), "java", "var x = 5; return x + 10;");
    Info done = awaitEnd(id);
    assertEquals("Success", done.status(), () -> String.valueOf(done.result()));
    assertEquals("15", done.result().toString());
  }

  @Test
  @Order(15)
  void systemCodeRecordsStdoutStderrAndExitCode() throws Exception {
    String id = jobs.submitCode(JobSpec.under(newUserGroup(), "system"), "system", "echo 'hello from moi'");
    Info done = awaitEnd(id);
    assertEquals("Success", done.status());
    assertEquals("[\"hello from moi\\n\",\"\",0]", done.result().toString());
  }

  @Test
  @Order(15)
  void aSystemJobSeesNoneOfTheServersVariables() throws Exception {
    String id = jobs.submitCode(JobSpec.under(newUserGroup(), "env"), "system", "env");
    Info done = awaitEnd(id);
    assertEquals("Success", done.status(), () -> String.valueOf(done.result()));
    Map<String, String> seen = ((JsonArray) done.result()).getString(0).lines()
        .filter(line -> line.contains("="))
        .collect(Collectors.toMap(line -> line.substring(0, line.indexOf('=')),
            line -> line.substring(line.indexOf('=') + 1), (a, b) -> b));
    var allowed = java.util.Set.of("PATH", "LANG", "LC_ALL", "LC_CTYPE", "HOME", "TMPDIR", "MOI_JOB_ID", "MOI_STATUS_FILE", "PWD");
    assertTrue(allowed.containsAll(seen.keySet()), "the job saw " + seen.keySet());
    assertEquals(id, seen.get("MOI_JOB_ID"));
    assertFalse(seen.containsKey("REDIS_URL"), seen::toString);
    String port = String.valueOf(ItRedis.port());
    assertTrue(seen.values().stream().noneMatch(value -> value.contains(port)),
        "a value names the Redis port " + port + ": " + seen);
    // The server itself has variables that the job must not see.
    assertTrue(System.getenv().keySet().stream().anyMatch(name -> !allowed.contains(name)));
  }

  @Test
  @Order(16)
  void unknownCodeTypeIsRefusedAndNothingIsStored() {
    String group = newUserGroup();
    var refusal = assertThrows(InvalidSubmissionException.class,
        () -> jobs.submitCode(JobSpec.under(group, "ruby"), "ruby", "puts 15"));
    assertTrue(refusal.getMessage().contains("unknown cmd-type 'ruby'; allowed: python, system, java"),
        refusal.getMessage());
    assertTrue(jobs.children(group).isEmpty());
  }

  @Test
  @Order(19)
  void aSubmissionRefusedWhileRedisStalledLeavesNothingStored() throws Exception {
    String group = newUserGroup();
    Lineage lineage = nodes.lineageBelow(group);
    String id = "stalled-" + UUID.randomUUID();
    Info queued = Info.newJob(id, "stalled", group, "default", null, Dates.now());
    var ran = new AtomicBoolean();
    // Redis stops answering for longer than a write and its one retry may wait (moi.redis.timeout,
    // 2 s each), then runs what sat in its socket buffers: the refused write lands afterwards.
    var stall = new Thread(() -> {
      try (Jedis redis = new Jedis(ItRedis.HOST, ItRedis.port(), 20_000)) {
        redis.sendCommand(() -> "DEBUG".getBytes(StandardCharsets.US_ASCII), "SLEEP", "5");
      }
    });
    stall.start();
    awaitRedisAsleep();
    assertThrows(RuntimeException.class, () -> runner.start(queued, lineage, contexts.executor("default"),
        (job, args) -> ran.getAndSet(true), null));
    stall.join();
    try (Jedis redis = redis()) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
      while ((redis.exists(id) || redis.sismember(group + ":children", id)) && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertFalse(redis.exists(id), "the refused job is stored: " + redis.get(id));
      assertFalse(redis.sismember(group + ":children", id), "the refused job is a member of its group");
    }
    assertFalse(ran.get(), "the refused job ran");
  }

  private static void awaitRedisAsleep() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (System.nanoTime() < deadline) {
      try (Jedis probe = new Jedis(ItRedis.HOST, ItRedis.port(), 200)) {
        probe.ping();
        Thread.sleep(20);
      } catch (JedisException asleep) {
        return;
      }
    }
    throw new AssertionError("Redis never stalled");
  }

  @Test
  @Order(20)
  void readinessFollowsRedisAndNoJobIsLeftRunningWhileItIsAway() throws Exception {
    String group = newUserGroup();
    var release = new CountDownLatch(1);
    var returned = new CountDownLatch(1);
    String id = jobs.submit(JobSpec.under(group, "outlives redis"), (job, args) -> {
      release.await(60, TimeUnit.SECONDS);
      returned.countDown();
      return "done";
    });
    awaitInfo(id, i -> "Running".equals(i.status()));
    assertEquals(200, ready());

    ItRedis.stop();
    try {
      awaitStatus(503);
      release.countDown();
      assertTimeoutPreemptively(Duration.ofSeconds(30), () ->
          assertThrows(RedisUnavailableException.class, () -> jobs.submitAnonymous("while away", (job, args) -> 1)));
      assertTrue(returned.await(30, TimeUnit.SECONDS), "the job's function returned");
      // its function has returned, but its end cannot be written: the job is held, not dropped
      assertEquals(1, runner.unfinished());
    } finally {
      ItRedis.start();
    }
    awaitStatus(200);
    Info done = awaitEnd(id);
    assertEquals("Success", done.status());
    assertEquals("\"done\"", done.result().toString());
    assertEquals(0, runner.unfinished());
  }

  private int ready() throws Exception {
    var request = HttpRequest.newBuilder(base.toURI().resolve("/health/ready"))
        .timeout(Duration.ofSeconds(20)).build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
  }

  private void awaitStatus(int expected) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    int last = -1;
    while (System.nanoTime() < deadline) {
      last = ready();
      if (last == expected) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("/health/ready answered " + last + ", expected " + expected);
  }
}
