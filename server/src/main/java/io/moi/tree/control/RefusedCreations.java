package io.moi.tree.control;

import io.moi.changes.entity.Messages;
import io.moi.redis.RedisKeys;
import io.moi.tree.entity.Info;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.UnifiedJedis;

/**
 * Takes back a node whose creation was answered with a failure. A failed MULTI/EXEC may still have
 * been applied: its reply was lost, or the block sat in Redis's socket buffer past the client's
 * timeout and ran once Redis woke. The caller has refused the submission, so such a node must not
 * stay. The node is removed only while it holds exactly what was written (no one has used it
 * since), as soon as Redis answers and once more after that: by the time a command sent later has
 * been answered, Redis has read whatever was sent before it.
 */
@ApplicationScoped
public class RefusedCreations {

  private static final Logger LOG = System.getLogger(RefusedCreations.class.getName());
  private static final long FIRST_RETRY_MILLIS = 250;
  private static final long MAX_RETRY_MILLIS = 30_000;
  private static final long SECOND_LOOK_MILLIS = 1_000;
  private static final String TAKE_BACK =
      "if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end\n"
          + "redis.call('DEL', KEYS[1])\n"
          + "redis.call('SREM', KEYS[2], ARGV[2])\n"
          + "redis.call('PUBLISH', ARGV[3], ARGV[4])\n"
          + "return 1";

  @Inject UnifiedJedis redis;

  @Resource ManagedScheduledExecutorService scheduler;

  /** Removes the node, written as {@code json} under {@code parent}, if Redis stored it. */
  public void takeBack(Info node, String json, String parent) {
    schedule(() -> attempt(node, json, parent, 2, FIRST_RETRY_MILLIS), 0);
  }

  private void attempt(Info node, String json, String parent, int looksLeft, long nextDelay) {
    try {
      Object removed =
          redis.eval(
              TAKE_BACK,
              List.of(RedisKeys.info(node.id()), RedisKeys.children(parent)),
              List.of(json, node.id(), RedisKeys.pubsub(parent), Messages.of("remove", node.id())));
      if (Long.valueOf(1).equals(removed)) {
        LOG.log(
            Level.WARNING,
            "Removed {0} {1}: Redis stored it although its creation was refused",
            node.type(),
            node.id());
      }
      if (looksLeft > 1) {
        schedule(
            () -> attempt(node, json, parent, looksLeft - 1, FIRST_RETRY_MILLIS),
            SECOND_LOOK_MILLIS);
      }
    } catch (RuntimeException e) {
      long after = Math.min(nextDelay * 2, MAX_RETRY_MILLIS);
      schedule(() -> attempt(node, json, parent, looksLeft, after), nextDelay);
    }
  }

  private void schedule(Runnable task, long delayMillis) {
    try {
      scheduler.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException stopping) {
      LOG.log(Level.WARNING, "Server stopping: a refused node may remain in Redis");
    }
  }
}
