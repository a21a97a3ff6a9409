package io.moi.cluster.control;

import io.moi.redis.AtomicWrite;
import io.moi.redis.RedisKeys;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import redis.clients.jedis.UnifiedJedis;

/**
 * The servers sharing one Redis. Each renews a heartbeat key that expires unless renewed, and stays
 * in the set of servers seen until another has recovered its jobs. A server's function jobs, which
 * cannot run elsewhere, are listed under its ID so that they are failed if it dies.
 */
@ApplicationScoped
public class Heartbeats {

  @Inject UnifiedJedis redis;

  /** Renews a server's heartbeat: its state as JSON, expiring after {@code ttlMillis}. */
  public void beat(String nodeId, String json, long ttlMillis) {
    redis.psetex(RedisKeys.node(nodeId), ttlMillis, json);
    redis.zadd(RedisKeys.NODES, System.currentTimeMillis(), nodeId);
  }

  /**
   * Removes a stopping server's heartbeat. It stays among the servers seen: should it leave jobs
   * behind, the others recover them at once.
   */
  public void leave(String nodeId) {
    redis.del(RedisKeys.node(nodeId));
  }

  /** Every server seen and not yet recovered, live or not. */
  public Set<String> known() {
    return new java.util.LinkedHashSet<>(redis.zrange(RedisKeys.NODES, 0, -1));
  }

  /** The heartbeats of the live servers among {@code nodeIds}, by ID. */
  public Map<String, String> live(java.util.Collection<String> nodeIds) {
    List<String> ids = new ArrayList<>(nodeIds);
    Map<String, String> beats = new LinkedHashMap<>();
    if (ids.isEmpty()) {
      return beats;
    }
    List<String> values = redis.mget(ids.stream().map(RedisKeys::node).toArray(String[]::new));
    for (int i = 0; i < ids.size(); i++) {
      if (values.get(i) != null) {
        beats.put(ids.get(i), values.get(i));
      }
    }
    return beats;
  }

  /** Removes a dead server once its jobs are recovered. */
  public void forget(String nodeId) {
    redis.del(RedisKeys.localJobs(nodeId));
    redis.zrem(RedisKeys.NODES, nodeId);
  }

  /** The function jobs a server holds. */
  public Set<String> localJobs(String nodeId) {
    return redis.smembers(RedisKeys.localJobs(nodeId));
  }

  /** The write that lists a function job under its server, added to the job's creation. */
  public AtomicWrite holdLocal(String nodeId, String jobId) {
    return new AtomicWrite().sadd(RedisKeys.localJobs(nodeId), jobId);
  }

  /** The write that takes a function job off its server's list, added to its terminal write. */
  public AtomicWrite releaseLocal(String nodeId, String jobId) {
    return new AtomicWrite().srem(RedisKeys.localJobs(nodeId), jobId);
  }
}
