package io.moi.changes.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.moi.LocalRedis;
import io.moi.TestEvent;
import io.moi.changes.entity.Notification;
import io.moi.changes.entity.RelayConnected;
import io.moi.redis.Redis;
import io.moi.redis.RedisKeys;
import io.moi.redis.TestRedis;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.UnifiedJedis;

/** The server's one subscription to every node channel, on a real Redis. */
class RelayTest {

  @RegisterExtension static final LocalRedis REDIS = new LocalRedis();

  private final Relay relay = new Relay();
  private final BlockingQueue<Notification> notified = new LinkedBlockingQueue<>();
  private final BlockingQueue<RelayConnected> connected = new LinkedBlockingQueue<>();
  private final List<Thread> threads = new CopyOnWriteArrayList<>();
  private volatile RuntimeException consumerFailure;
  private UnifiedJedis redis;
  private Redis connections;

  @BeforeEach
  void startRelay() throws InterruptedException {
    redis = REDIS.client();
    connections = TestRedis.open(REDIS.url());
    relay.redis = connections;
    relay.threads =
        (ManagedThreadFactory)
            Proxy.newProxyInstance(
                RelayTest.class.getClassLoader(),
                new Class<?>[] {ManagedThreadFactory.class},
                (proxy, method, args) -> {
                  if (!method.getName().equals("newThread")) {
                    throw new UnsupportedOperationException(method.getName());
                  }
                  var thread = new Thread((Runnable) args[0]);
                  threads.add(thread);
                  return thread;
                });
    relay.notifications =
        TestEvent.to(
            notification -> {
              RuntimeException failure = consumerFailure;
              if (failure != null) {
                consumerFailure = null;
                throw failure;
              }
              notified.add(notification);
            });
    relay.connections = TestEvent.to(connected::add);
    relay.start(null);
    assertThat(connected.poll(10, TimeUnit.SECONDS)).isEqualTo(new RelayConnected(1));
  }

  @AfterEach
  void stopRelay() throws InterruptedException {
    relay.stop();
    for (Thread thread : threads) {
      thread.join(TimeUnit.SECONDS.toMillis(10));
    }
    TestRedis.close(connections);
    assertThat(threads).noneMatch(Thread::isAlive);
  }

  @Test
  void aMessageOnANodesChannelIsFiredWithTheNodesId() throws InterruptedException {
    redis.publish(RedisKeys.pubsub("job-1"), "{\"update\":[\"job-1\"]}");

    assertThat(notified.poll(10, TimeUnit.SECONDS))
        .isEqualTo(new Notification("job-1", "{\"update\":[\"job-1\"]}"));
    assertThat(threads).extracting(Thread::getName).containsExactly("moi-relay");
  }

  @Test
  void aChannelThatNamesNoNodeIsPassedOver() throws InterruptedException {
    redis.publish(RedisKeys.pubsub(""), "{\"update\":[\"\"]}");
    redis.publish(RedisKeys.pubsub("g"), "{\"add\":[\"j\"]}");

    assertThat(notified.poll(10, TimeUnit.SECONDS))
        .isEqualTo(new Notification("g", "{\"add\":[\"j\"]}"));
    assertThat(notified).isEmpty();
  }

  @Test
  void aConsumerThatFailsDoesNotEndTheSubscription() throws InterruptedException {
    consumerFailure = new IllegalStateException("a consumer's bug");
    redis.publish(RedisKeys.pubsub("first"), "{\"update\":[\"first\"]}");
    redis.publish(RedisKeys.pubsub("second"), "{\"update\":[\"second\"]}");

    assertThat(notified.poll(10, TimeUnit.SECONDS))
        .isEqualTo(new Notification("second", "{\"update\":[\"second\"]}"));
    assertThat(connected).isEmpty();
  }

  @Test
  void aLostSubscriptionComesBackAndSaysItIsASecondAttempt() throws InterruptedException {
    redis.sendCommand(Protocol.Command.CLIENT, "KILL", "TYPE", "pubsub");

    assertThat(connected.poll(10, TimeUnit.SECONDS)).isEqualTo(new RelayConnected(2));
    redis.publish(RedisKeys.pubsub("job-1"), "{\"update\":[\"job-1\"]}");
    assertThat(notified.poll(10, TimeUnit.SECONDS))
        .isEqualTo(new Notification("job-1", "{\"update\":[\"job-1\"]}"));
  }

  @Test
  void stoppingEndsTheSubscriptionAndItsThread() throws InterruptedException {
    relay.stop();

    threads.get(0).join(TimeUnit.SECONDS.toMillis(10));
    assertThat(threads.get(0).isAlive()).isFalse();
    assertThat(connected).isEmpty();
  }
}
