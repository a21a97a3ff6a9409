package io.moi.changes.control;

import io.moi.changes.entity.Notification;
import io.moi.changes.entity.RelayConnected;
import io.moi.redis.Redis;
import io.moi.redis.RedisKeys;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import redis.clients.jedis.JedisPubSub;

/**
 * The server's one subscription to every node channel. It starts with the application, so it exists
 * before any client asks for anything, and reconnects with backoff when Redis goes away, announcing
 * each (re)connection with a {@link RelayConnected} event.
 */
@ApplicationScoped
public class Relay {

  private static final Logger LOG = System.getLogger(Relay.class.getName());
  private static final long MAX_BACKOFF_MILLIS = 5_000;

  @Resource ManagedThreadFactory threads;
  @Inject Redis redis;
  @Inject Event<Notification> notifications;
  @Inject Event<RelayConnected> connections;

  private volatile boolean running;
  private volatile JedisPubSub listener;
  private Thread thread;

  void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
    running = true;
    thread = threads.newThread(this::listen);
    thread.setName("moi-relay");
    thread.start();
  }

  private void listen() {
    long backoff = 100;
    int attempt = 0;
    while (running) {
      attempt++;
      int thisAttempt = attempt;
      try (var connection = redis.subscriber()) {
        listener =
            new JedisPubSub() {
              @Override
              public void onPSubscribe(String pattern, int count) {
                LOG.log(Level.INFO, "Relay subscribed to {0}", pattern);
                connections.fire(new RelayConnected(thisAttempt));
              }

              @Override
              public void onPMessage(String pattern, String channel, String message) {
                String id = RedisKeys.idOfPubsub(channel);
                if (id == null) {
                  return;
                }
                try {
                  notifications.fire(new Notification(id, message));
                } catch (RuntimeException e) {
                  LOG.log(Level.WARNING, "A consumer failed on a message of " + channel, e);
                }
              }
            };
        connection.psubscribe(listener, RedisKeys.allPubsub());
        backoff = 100;
      } catch (RuntimeException e) {
        if (!running) {
          break;
        }
        LOG.log(
            Level.WARNING, "Relay lost Redis ({0}); retrying in {1} ms", e.getMessage(), backoff);
        try {
          Thread.sleep(backoff);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          break;
        }
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
      }
    }
  }

  @PreDestroy
  void stop() {
    running = false;
    var current = listener;
    if (current != null && current.isSubscribed()) {
      try {
        current.punsubscribe();
      } catch (RuntimeException e) {
        LOG.log(Level.DEBUG, "Relay connection already gone", e);
      }
    }
    if (thread != null) {
      thread.interrupt();
    }
  }
}
