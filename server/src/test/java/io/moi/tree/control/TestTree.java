package io.moi.tree.control;

import io.moi.changes.control.OwnUpdates;
import io.moi.changes.entity.Messages;
import io.moi.redis.Redis;
import io.moi.redis.TestExpiry;
import io.moi.tree.entity.NodeUpdated;
import jakarta.enterprise.event.Event;
import redis.clients.jedis.UnifiedJedis;

/**
 * The tree's beans as the container would wire them, on a real Redis, for tests of other features.
 */
public final class TestTree {

  public final Nodes nodes = new Nodes();
  public final TreeWalker walker = new TreeWalker();
  public final Users users = new Users();
  public final OwnUpdates own = new OwnUpdates();

  /** {@code updated} receives what {@link Nodes#update} fires. */
  public TestTree(UnifiedJedis redis, Redis connections, Event<NodeUpdated> updated) {
    var expiry = TestExpiry.of("1h");
    nodes.redis = redis;
    nodes.connections = connections;
    nodes.expiry = expiry;
    nodes.own = own;
    nodes.updated = updated;
    walker.nodes = nodes;
    users.redis = redis;
    users.expiry = expiry;
  }

  /** The message {@link Nodes} publishes for an action on nodes, as the relay receives it. */
  public static String message(String action, String... ids) {
    return Messages.of(action, ids);
  }
}
