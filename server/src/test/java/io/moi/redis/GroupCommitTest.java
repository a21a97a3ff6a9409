package io.moi.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.moi.LocalRedis;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

/** Blocks of many threads sent together, against a real Redis. */
class GroupCommitTest {

  @RegisterExtension static final LocalRedis REDIS = new LocalRedis();

  private UnifiedJedis check;
  private Redis redis;
  private final ExecutorService threads = Executors.newFixedThreadPool(10);

  @BeforeEach
  void open() {
    check = REDIS.client();
    redis = TestRedis.open(REDIS.url());
  }

  @AfterEach
  void close() {
    threads.shutdownNow();
    TestRedis.close(redis);
  }

  @Test
  void alone_eachBlockIsOneRoundTrip() {
    for (int i = 0; i < 5; i++) {
      new AtomicWrite().set("alone-" + i, "v").publish("c", "m").execute(redis);
    }

    assertThat(redis.groupCommit().roundTrips()).isEqualTo(5);
    assertThat(check.get("alone-4")).isEqualTo("v");
  }

  @Test
  void blocksWrittenWhileOneIsOnItsWayGoTogetherAndAFailingOneFailsAlone() throws Exception {
    check.set("a-string", "not a set");
    // Redis holds writes for a while: the first block waits in Redis, the others queue behind it
    check.sendCommand(Protocol.Command.CLIENT, "PAUSE", "500", "WRITE");
    List<Future<?>> writes = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      String key = "together-" + i;
      writes.add(
          threads.submit(
              () -> {
                var write = new AtomicWrite().set(key, "v").publish("c", key);
                if (key.equals("together-7")) {
                  write.sadd("a-string", "x"); // WRONGTYPE, inside its own EXEC only
                }
                write.execute(redis);
              }));
      Thread.sleep(20);
    }

    List<Throwable> failures = new ArrayList<>();
    for (Future<?> write : writes) {
      try {
        write.get(10, TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException e) {
        failures.add(e.getCause());
      }
    }

    assertThat(failures).singleElement().isInstanceOf(JedisDataException.class);
    for (int i = 0; i < 10; i++) {
      assertThat(check.get("together-" + i)).as("together-" + i).isEqualTo("v");
    }
    assertThat(redis.groupCommit().roundTrips()).isBetween(2L, 3L);
  }

  @Test
  void whenRedisCannotBeReachedEveryWriterIsToldAndNoneWaitsForever() throws Exception {
    int port;
    try (var socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Redis nowhere = TestRedis.open("redis://127.0.0.1:" + port);
    try {
      List<Future<?>> writes = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        writes.add(threads.submit(() -> new AtomicWrite().set("k", "v").execute(nowhere)));
      }
      for (Future<?> write : writes) {
        assertThatThrownBy(() -> write.get(20, TimeUnit.SECONDS))
            .hasCauseInstanceOf(JedisConnectionException.class);
      }
    } finally {
      TestRedis.close(nowhere);
    }
  }
}
