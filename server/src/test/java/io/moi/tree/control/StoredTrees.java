package io.moi.tree.control;

import io.moi.LocalRedis;
import io.moi.changes.control.OwnUpdates;
import io.moi.redis.Redis;
import io.moi.redis.RedisKeys;
import io.moi.redis.TestExpiry;
import io.moi.redis.TestRedis;
import io.moi.tree.entity.Info;
import java.time.LocalDateTime;
import redis.clients.jedis.UnifiedJedis;

/**
 * The tree feature's control classes wired as the container would, on a real Redis, and nodes
 * written into it the way the protocol lays them out (info object, parent's set).
 */
public final class StoredTrees implements AutoCloseable {

  public static final LocalDateTime DAY = LocalDateTime.of(2026, 3, 1, 12, 0);

  public final UnifiedJedis redis;
  public final Redis connections;
  public final Nodes nodes = new Nodes();
  public final Users users = new Users();
  public final Access access = new Access();
  public final Groups groups = new Groups();
  public final TreeWalker walker = new TreeWalker();

  /** Opens connections to the server; close them after each test. */
  public StoredTrees(LocalRedis server) {
    redis = server.client();
    connections = TestRedis.open(server.url());
    nodes.redis = redis;
    nodes.connections = connections;
    nodes.expiry = TestExpiry.of("1h");
    nodes.own = new OwnUpdates();
    nodes.detached = TestNodes.recordingEvents();
    users.redis = redis;
    users.expiry = TestExpiry.of("1h");
    access.nodes = nodes;
    access.users = users;
    groups.nodes = nodes;
    groups.users = users;
    walker.nodes = nodes;
  }

  @Override
  public void close() {
    TestRedis.close(connections);
  }

  /**
   * Lets a walk of descendants keep only so many info objects, reading the others again as its
   * answer is written: what an answer of more than 20,000 nodes does.
   */
  public void keepOnly(int infoObjects) {
    walker.kept = infoObjects;
  }

  /** The user's root group, created as on their first request. */
  public String user(String name) {
    return users.rootGroup(name);
  }

  /** A group created {@code minute} minutes into the day. */
  public Info group(String id, String parent, int minute) {
    return put(
        Info.newGroup(
            id, id + " name", parent, io.moi.tree.entity.Dates.format(DAY.plusMinutes(minute))));
  }

  /** A queued job created {@code minute} minutes into the day. */
  public Info job(String id, String parent, int minute) {
    return put(
        Info.newJob(
            id,
            id + " name",
            parent,
            Info.DEFAULT_CONTEXT,
            null,
            io.moi.tree.entity.Dates.format(DAY.plusMinutes(minute))));
  }

  /** Stores the node as it is now, in its parent's set. */
  public Info put(Info node) {
    redis.set(RedisKeys.info(node.id()), node.toJson());
    if (node.parent() != null) {
      redis.sadd(RedisKeys.children(node.parent()), node.id());
    }
    return node;
  }
}
