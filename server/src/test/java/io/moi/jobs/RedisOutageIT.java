package io.moi.jobs;

import static io.moi.Eventually.await;
import static io.moi.Eventually.eventually;
import static io.moi.Eventually.until;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.moi.InContainer;
import io.moi.ItRedis;
import io.moi.jobs.boundary.Jobs;
import io.moi.jobs.control.Contexts;
import io.moi.jobs.control.JobRunner;
import io.moi.jobs.entity.JobSpec;
import io.moi.redis.RedisUnavailableException;
import io.moi.tree.control.Nodes;
import io.moi.tree.entity.Dates;
import io.moi.tree.entity.Info;
import io.moi.tree.entity.Lineage;
import jakarta.inject.Inject;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The job engine while Redis stalls or stops, inside a real Payara Micro: a class of its own
 * because it takes away what every other test needs, and gives it back before it ends.
 */
@ExtendWith(ArquillianExtension.class)
class RedisOutageIT {

  @Deployment
  static WebArchive deployment() {
    return InContainer.builtWarWith(RedisOutageIT.class, ItRedis.class);
  }

  @Inject Jobs jobs;
  @Inject JobRunner runner;
  @Inject Contexts contexts;
  @Inject Nodes nodes;

  @ArquillianResource URL base;

  @Test
  void aSubmissionRefusedWhileRedisStalledLeavesNothingStored() throws Exception {
    String group = jobs.userGroup("it-" + UUID.randomUUID());
    Lineage lineage = nodes.lineageBelow(group);
    String id = "stalled-" + UUID.randomUUID();
    Info queued = Info.newJob(id, "stalled", group, "default", null, Dates.now());
    var ran = new AtomicBoolean();
    // Redis stops answering for longer than a write and its one retry may wait (moi.redis.timeout,
    // 2 s each), then runs what sat in its socket buffers: the refused write lands afterwards.
    var stall =
        new Thread(
            () -> {
              try (Jedis redis = new Jedis(ItRedis.HOST, ItRedis.port(), 20_000)) {
                redis.sendCommand(() -> "DEBUG".getBytes(StandardCharsets.US_ASCII), "SLEEP", "5");
              }
            });
    stall.start();
    until(Duration.ofSeconds(5), "Redis stalls", RedisOutageIT::redisAsleep);
    assertThatThrownBy(
            () ->
                runner.start(
                    queued,
                    lineage,
                    contexts.executor("default"),
                    (job, args) -> ran.getAndSet(true),
                    null))
        .isInstanceOf(RuntimeException.class);
    stall.join();
    try (Jedis redis = ItRedis.client()) {
      eventually(
          Duration.ofSeconds(15),
          () -> {
            assertThat(redis.exists(id))
                .as("the refused job is stored: " + redis.get(id))
                .isFalse();
            assertThat(redis.sismember(group + ":children", id))
                .as("the refused job is a member of its group")
                .isFalse();
          });
    }
    assertThat(ran).as("the refused job ran").isFalse();
  }

  private static boolean redisAsleep() {
    try (Jedis probe = new Jedis(ItRedis.HOST, ItRedis.port(), 200)) {
      probe.ping();
      return false;
    } catch (JedisException asleep) {
      return true;
    }
  }

  @Test
  void readinessFollowsRedisAndNoJobIsLeftRunningWhileItIsAway() throws Exception {
    String group = jobs.userGroup("it-" + UUID.randomUUID());
    var release = new CountDownLatch(1);
    var returned = new CountDownLatch(1);
    String id =
        jobs.submit(
            JobSpec.under(group, "outlives redis"),
            (job, args) -> {
              release.await(60, TimeUnit.SECONDS);
              returned.countDown();
              return "done";
            });
    awaitInfo(id, i -> "Running".equals(i.status()));
    assertThat(ready()).isEqualTo(200);

    ItRedis.stop();
    try {
      awaitReady(503);
      release.countDown();
      // a submission is refused, and soon, rather than left to hang on a Redis that is not there
      assertTimeoutPreemptively(
          Duration.ofSeconds(30),
          () ->
              assertThatThrownBy(() -> jobs.submitAnonymous("while away", (job, args) -> 1))
                  .isInstanceOf(RedisUnavailableException.class));
      assertThat(returned.await(30, TimeUnit.SECONDS)).as("the job's function returned").isTrue();
      // its function has returned, but its end cannot be written: the job is held, not dropped
      assertThat(runner.unfinished()).isEqualTo(1);
    } finally {
      ItRedis.start();
    }
    awaitReady(200);
    Info done = awaitInfo(id, i -> "Success".equals(i.status()) || "Failed".equals(i.status()));
    assertThat(done.status()).isEqualTo("Success");
    assertThat(done.result().toString()).isEqualTo("\"done\"");
    assertThat(runner.unfinished()).isZero();
  }

  private Info awaitInfo(String id, Predicate<Info> condition) throws Exception {
    return await(
        Duration.ofSeconds(30),
        "job " + id + " in the expected state",
        () -> jobs.info(id).orElse(null),
        info -> info != null && condition.test(info));
  }

  private int ready() throws Exception {
    var request =
        HttpRequest.newBuilder(base.toURI().resolve("/health/ready"))
            .timeout(Duration.ofSeconds(20))
            .build();
    return HttpClient.newHttpClient()
        .send(request, HttpResponse.BodyHandlers.ofString())
        .statusCode();
  }

  private void awaitReady(int expected) throws Exception {
    eventually(
        Duration.ofSeconds(30), () -> assertThat(ready()).as("/health/ready").isEqualTo(expected));
  }
}
