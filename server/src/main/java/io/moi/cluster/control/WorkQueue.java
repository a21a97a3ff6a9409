package io.moi.cluster.control;

import io.moi.api.JsonText;
import io.moi.cluster.entity.Delivery;
import io.moi.cluster.entity.Work;
import io.moi.redis.AtomicWrite;
import io.moi.redis.Expiry;
import io.moi.redis.Redis;
import io.moi.redis.RedisKeys;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.XClaimParams;
import redis.clients.jedis.params.XPendingParams;
import redis.clients.jedis.params.XReadGroupParams;
import redis.clients.jedis.resps.StreamEntry;

/**
 * The durable queue of each context: a Redis stream read by one consumer group, {@code moi}, in
 * which every server is a consumer named by its node ID. XADD (in the same MULTI/EXEC as the job's
 * Queued info) submits, XREADGROUP hands work to a server, and the job's terminal write
 * acknowledges and deletes the entry. Until then the entry sits in the group's pending list under
 * the server that took it, which is how a lost server's jobs are found.
 */
@ApplicationScoped
public class WorkQueue {

  private static final Logger LOG = System.getLogger(WorkQueue.class.getName());
  private static final String GROUP = RedisKeys.QUEUE_GROUP;
  private static final JsonProvider JSON = JsonProvider.provider();

  // KEYS[1] the delayed jobs; ARGV[1] now (ms since the epoch), ARGV[2] the most to move,
  // ARGV[3] and ARGV[4] the prefixes of work records and of queues. One script: whichever
  // servers run it at once, a due job enters its queue exactly once. (Keys built inside the
  // script: this needs one Redis, not a Redis Cluster.)
  private static final String MOVE_DUE =
      """
      local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
      local moved = 0
      for _, id in ipairs(due) do
        redis.call('ZREM', KEYS[1], id)
        local record = redis.call('GET', ARGV[3] .. id)
        if record then
          local work = cjson.decode(record)
          redis.call('XADD', ARGV[4] .. work.context, '*', unpack(work.fields))
          moved = moved + 1
        end
      end
      return moved""";

  @Inject UnifiedJedis redis;
  @Inject Redis connections;
  @Inject Expiry expiry;

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
      return summary.getConsumerMessageCount() == null
          ? Map.of()
          : summary.getConsumerMessageCount();
    } catch (JedisDataException noGroup) {
      return Map.of();
    }
  }

  /** The write that puts work in the queue; the caller adds it to the job's creation. */
  public AtomicWrite add(String context, Work work) {
    return new AtomicWrite().xadd(RedisKeys.queue(context), work.toFields());
  }

  /**
   * The write that keeps what a job runs (its context and its entry's fields) for as long as the
   * job lives: for its retries, a delayed start and a re-run.
   */
  public AtomicWrite remember(String context, Work work) {
    // Written as text, as JSON-P would write it: every queued job writes one.
    var json =
        JsonText.quote(
            new StringBuilder(512).append("{\"context\":"),
            Objects.requireNonNull(context, "context"));
    json.append(",\"fields\":[");
    String separator = "";
    for (var field : work.toFields().entrySet()) {
      JsonText.quote(json.append(separator), field.getKey()).append(',');
      JsonText.quote(json, Objects.requireNonNull(field.getValue(), field.getKey()));
      separator = ",";
    }
    return new AtomicWrite()
        .store(RedisKeys.work(work.jobId()), json.append("]}").toString(), expiry.seconds());
  }

  /** What a job runs, as {@link #remember} kept it; empty for a function job or a gone one. */
  public Optional<Kept> recall(String jobId) {
    String json = redis.get(RedisKeys.work(jobId));
    if (json == null) {
      return Optional.empty();
    }
    try (var reader = JSON.createReader(new StringReader(json))) {
      JsonObject record = reader.readObject();
      JsonArray list = record.getJsonArray("fields");
      Map<String, String> fields = new LinkedHashMap<>();
      for (int i = 0; i + 1 < list.size(); i += 2) {
        fields.put(list.getString(i), list.getString(i + 1));
      }
      return Optional.of(new Kept(record.getString("context"), Work.fromFields(fields)));
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Unreadable work record of job {0}: {1}", jobId, e.toString());
      return Optional.empty();
    }
  }

  /** A job's work as kept, with the context whose queue it goes to. */
  public record Kept(String context, Work work) {}

  /**
   * The write that makes a remembered job wait until {@code due}, outside any queue; it enters its
   * context's queue once due (see {@link #moveDue}).
   */
  public AtomicWrite delay(String jobId, Instant due) {
    return new AtomicWrite().zadd(RedisKeys.DELAYED, due.toEpochMilli(), jobId);
  }

  /** The write that takes a job out of the waiting ones (it is cancelled, say). */
  public AtomicWrite undelay(String jobId) {
    return new AtomicWrite().zrem(RedisKeys.DELAYED, jobId);
  }

  /** When a waiting job is due; empty when it does not wait (any more). */
  public Optional<Instant> dueAt(String jobId) {
    Double score = redis.zscore(RedisKeys.DELAYED, jobId);
    return score == null ? Optional.empty() : Optional.of(Instant.ofEpochMilli(score.longValue()));
  }

  /** Moves up to {@code limit} jobs due by {@code now} to their queues; answers how many. */
  public long moveDue(Instant now, int limit) {
    Object moved =
        redis.eval(
            MOVE_DUE,
            List.of(RedisKeys.DELAYED),
            List.of(
                Long.toString(now.toEpochMilli()),
                Integer.toString(limit),
                RedisKeys.work(""),
                RedisKeys.queue("")));
    return moved instanceof Long count ? count : 0;
  }

  /** The write that ends a delivery; the caller adds it to the job's terminal write. */
  public AtomicWrite done(Delivery delivery) {
    return new AtomicWrite()
        .acknowledge(RedisKeys.queue(delivery.context()), GROUP, delivery.entryId());
  }

  /**
   * Takes up to {@code count} new entries for {@code consumer}, waiting up to {@code blockMillis}
   * for the first, on the caller's own connection. Entries that are not work are logged and
   * dropped.
   */
  public List<Delivery> take(
      Reader reader, String context, String consumer, int count, long blockMillis) {
    String key = RedisKeys.queue(context);
    List<Map.Entry<String, List<StreamEntry>>> replies;
    try {
      replies =
          reader.jedis.xreadGroup(
              GROUP,
              consumer,
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
   * Moves up to {@code count} entries held by {@code from} to {@code to}, each only if it has been
   * idle for {@code minIdleMillis}: of several servers claiming at once, one gets each.
   */
  public List<Delivery> claim(
      String context, String from, String to, long minIdleMillis, int count) {
    String key = RedisKeys.queue(context);
    List<redis.clients.jedis.resps.StreamPendingEntry> pending;
    try {
      pending =
          redis.xpending(key, GROUP, XPendingParams.xPendingParams().count(count).consumer(from));
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
    List<StreamEntry> claimed =
        redis.xclaim(key, GROUP, to, minIdleMillis, XClaimParams.xClaimParams(), ids);
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

  /** Ends a delivery whose work is not to be done (its job no longer waits). */
  public void finish(Delivery delivery) {
    String key = RedisKeys.queue(delivery.context());
    StreamEntryID entry = new StreamEntryID(delivery.entryId());
    redis.xack(key, GROUP, entry);
    redis.xdel(key, entry);
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
          new Delivery(
              context, entry.getID().toString(), Work.fromFields(entry.getFields()), deliveries));
    } catch (IllegalArgumentException e) {
      LOG.log(
          Level.WARNING,
          "Dropping entry {0} of {1}: {2}",
          entry.getID(),
          RedisKeys.queue(context),
          e.getMessage());
      redis.xack(RedisKeys.queue(context), GROUP, entry.getID());
      redis.xdel(RedisKeys.queue(context), entry.getID());
      return java.util.Optional.empty();
    }
  }
}
