package io.moi.cluster.control;

import redis.clients.jedis.UnifiedJedis;

/** The cluster's Redis-side beans as the container would make them. */
public final class TestQueues {

  private TestQueues() {}

  public static WorkQueue queue(UnifiedJedis redis) {
    return queue(redis, null);
  }

  public static WorkQueue queue(UnifiedJedis redis, io.moi.redis.Redis connections) {
    var queue = new WorkQueue();
    queue.redis = redis;
    queue.connections = connections;
    queue.expiry = io.moi.redis.TestExpiry.of("1d");
    return queue;
  }

  public static CancelMarks marks(UnifiedJedis redis) {
    var marks = new CancelMarks();
    marks.redis = redis;
    marks.expiry = io.moi.redis.TestExpiry.of("1d");
    return marks;
  }

  public static Heartbeats heartbeats(UnifiedJedis redis) {
    var heartbeats = new Heartbeats();
    heartbeats.redis = redis;
    return heartbeats;
  }
}
