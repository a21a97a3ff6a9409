package io.moi.cluster.control;

import io.moi.cluster.entity.Delivery;
import io.moi.cluster.entity.Work;
import io.moi.redis.AtomicWrite;
import io.moi.redis.Redis;
import io.moi.redis.RedisKeys;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.XClaimParams;
import redis.clients.jedis.params.XPendingParams;
import redis.clients.jedis.params.XReadGroupParams;
import redis.clients.jedis.resps.StreamEntry;

/**
 * The durable queue of each context: a Redis stream read by one consumer group, {@code moi},
 * in which every server is a consumer named by its node ID. XADD (in the same MULTI/EXEC as
 * the job's Queued info) submits, XREADGROUP hands work to a server, and the job's terminal
 * write acknowledges and deletes the entry. Until then the entry sits in the group's pending
 * list under the server that took it, which is how a lost server's jobs are found.
 */
@ApplicationScoped
public class WorkQueue {

  private static final Logger LOG = System.getLogger(WorkQueue.class.getName());
  private static final String GROUP = RedisKeys.QUEUE_GROUP;

  @Inject UnifiedJedis redis;
  @Inject Redis connections;

  /** A connection of its own for waiting on the queue; the caller closes it. */
  public Reader reader(long blockMillis) {
    return new Reader(connections.blockingReader(blockMillis));
  }

  /** A connection that waits for work. */
  public static final class Reader implements AutoCloseable {
    private final Jedis jedis;

    Reader(Jedis jedis) {
      this.jedis = jedis;
    }

    @Override
    public void close() {
      try {
        jedis.close();
      } catch (RuntimeException ignored) {
        // a connection that failed is closed already
      }
    }
  }

  /**
   * Creates the context's stream and group if missing. The group starts at the stream's first
   * entry: entries are deleted once done, so every entry in the stream is still to do.
   */
  public void ensureGroup(String context) {
    try {
      redis.xgroupCreate(RedisKeys.queue(context), GROUP, new StreamEntryID(0, 0), true);
    } catch (JedisDataException e) {
      if (e.getMessage() == null || !e.getMessage().startsWith("BUSYGROUP")) {
        throw e;
      }
    }
  }

  /** Jobs in the context's queue, waiting or held by a server. */
  public long depth(String context) {
    return redis.xlen(RedisKeys.queue(context));
  }

  /** Jobs of the context that servers hold, by node ID. */
  public Map<String, Long> heldByNode(String context) {
    try {
      var summary = redis.xpending(RedisKeys.queue(context), GROUP);
      return summary.getConsumerMessageCount() == null ? Map.of() : summary.getConsumerMessageCount();
    } catch (JedisDataException noGroup) {
      return Map.of();
    }
  }

  /** The write that puts work in the queue; the caller adds it to the job's creation. */
  public AtomicWrite add(String context, Work work) {
    return new AtomicWrite().xadd(RedisKeys.queue(context), work.toFields());
  }

  /** The write that ends a delivery; the caller adds it to the job's terminal write. */
  public AtomicWrite done(Delivery delivery) {
    return new AtomicWrite().acknowledge(RedisKeys.queue(delivery.context()), GROUP, delivery.entryId());
  }

  /**
   * Takes up to {@code count} new entries for {@code consumer}, waiting up to {@code
   * blockMillis} for the first, on the caller's own connection. Entries that are not work are
   * logged and dropped.
   */
  public List<Delivery> take(Reader reader, String context, String consumer, int count, long blockMillis) {
    String key = RedisKeys.queue(context);
    List<Map.Entry<String, List<StreamEntry>>> replies;
    try {
      replies = reader.jedis.xreadGroup(GROUP, consumer,
          XReadGroupParams.xReadGroupParams().count(count).block(Math.toIntExact(blockMillis)),
          Map.of(key, StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY));
    } catch (JedisDataException e) {
      if (e.getMessage() != null && e.getMessage().startsWith("NOGROUP")) {
        // The stream was lost (a Redis without persistence restarted, or it was deleted).
        ensureGroup(context);
        return List.of();
      }
      throw e;
    }
    List<Delivery> taken = new ArrayList<>();
    if (replies != null) {
      for (var reply : replies) {
        for (StreamEntry entry : reply.getValue()) {
          read(context, entry, 1).ifPresent(taken::add);
        }
      }
    }
    return taken;
  }

  /**
   * Moves up to {@code count} entries held by {@code from} to {@code to}, each only if it has
   * been idle for {@code minIdleMillis}: of several servers claiming at once, one gets each.
   */
  public List<Delivery> claim(String context, String from, String to, long minIdleMillis, int count) {
    String key = RedisKeys.queue(context);
    List<redis.clients.jedis.resps.StreamPendingEntry> pending;
    try {
      pending = redis.xpending(key, GROUP, XPendingParams.xPendingParams().count(count).consumer(from));
    } catch (JedisDataException noGroup) {
      return List.of();
    }
    if (pending.isEmpty()) {
      return List.of();
    }
    Map<String, Long> times = new java.util.HashMap<>();
    for (var entry : pending) {
      times.put(entry.getID().toString(), entry.getDeliveredTimes());
    }
    StreamEntryID[] ids = pending.stream().map(p -> p.getID()).toArray(StreamEntryID[]::new);
    List<StreamEntry> claimed = redis.xclaim(key, GROUP, to, minIdleMillis, XClaimParams.xClaimParams(), ids);
    List<Delivery> deliveries = new ArrayList<>();
    for (StreamEntry entry : claimed) {
      if (entry == null) {
        continue;
      }
      long delivered = times.getOrDefault(entry.getID().toString(), 1L) + 1;
      read(context, entry, delivered).ifPresent(deliveries::add);
    }
    return deliveries;
  }

  /** Forgets a consumer that holds nothing any more. */
  public void dropConsumer(String context, String consumer) {
    try {
      redis.xgroupDelConsumer(RedisKeys.queue(context), GROUP, consumer);
    } catch (JedisDataException noGroup) {
      // nothing to forget
    }
  }

  private java.util.Optional<Delivery> read(String context, StreamEntry entry, long deliveries) {
    try {
      return java.util.Optional.of(
          new Delivery(context, entry.getID().toString(), Work.fromFields(entry.getFields()), deliveries));
    } catch (IllegalArgumentException e) {
      LOG.log(Level.WARNING, "Dropping entry {0} of {1}: {2}", entry.getID(), RedisKeys.queue(context), e.getMessage());
      redis.xack(RedisKeys.queue(context), GROUP, entry.getID());
      redis.xdel(RedisKeys.queue(context), entry.getID());
      return java.util.Optional.empty();
    }
  }
}
