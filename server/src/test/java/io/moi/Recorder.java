package io.moi;

import io.moi.tree.entity.Info;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;

/**
 * A separate Redis subscriber, as a third-party listener would be: on every message it reads the
 * node's stored info at once and keeps both.
 */
public final class Recorder extends JedisPubSub implements AutoCloseable {

  public record Seen(String channel, String message, Info stored) {}

  private final BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();
  private final Jedis reader;
  private final Jedis listener;
  private final CountDownLatch subscribed;
  private final Thread thread;
  private final String idOfInterest;

  public Recorder(String host, int port, String idOfInterest, List<String> channels)
      throws InterruptedException {
    this.idOfInterest = idOfInterest;
    this.reader = new Jedis(host, port);
    this.listener = new Jedis(host, port);
    this.subscribed = new CountDownLatch(channels.size());
    this.thread =
        new Thread(() -> listener.subscribe(this, channels.toArray(String[]::new)), "recorder");
    thread.setDaemon(true);
    thread.start();
    if (!subscribed.await(10, TimeUnit.SECONDS)) {
      throw new IllegalStateException("subscription did not start");
    }
  }

  @Override
  public void onSubscribe(String channel, int subscribedChannels) {
    subscribed.countDown();
  }

  @Override
  public void onMessage(String channel, String message) {
    String json = reader.get(idOfInterest);
    seen.add(new Seen(channel, message, json == null ? null : Info.fromJson(json)));
  }

  public Seen next() throws InterruptedException {
    Seen next = seen.poll(20, TimeUnit.SECONDS);
    if (next == null) {
      throw new AssertionError("no message within 20 s");
    }
    return next;
  }

  @Override
  public void close() throws InterruptedException {
    if (isSubscribed()) {
      unsubscribe();
    }
    thread.join(5000);
    listener.close();
    reader.close();
  }
}
