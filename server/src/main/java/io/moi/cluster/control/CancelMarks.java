package io.moi.cluster.control;

import io.moi.cluster.entity.Cancel;
import io.moi.redis.AtomicWrite;
import io.moi.redis.Expiry;
import io.moi.redis.RedisKeys;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import redis.clients.jedis.UnifiedJedis;

/**
 * The marks left in Redis by a cancel request, kept as long as a job lives. The server that holds a
 * marked job stops it, whichever server took the request; a job that goes back to a queue (its
 * server was lost) finds its mark there when it is next taken.
 */
@ApplicationScoped
public class CancelMarks {

  private static final Logger LOG = System.getLogger(CancelMarks.class.getName());

  @Inject UnifiedJedis redis;
  @Inject Expiry expiry;

  /** The write that marks a job as to be cancelled. */
  public AtomicWrite mark(String jobId, Cancel cancel) {
    return new AtomicWrite().store(RedisKeys.cancel(jobId), cancel.toJson(), expiry.seconds());
  }

  public Optional<Cancel> find(String jobId) {
    return Optional.ofNullable(marked(List.of(jobId)).get(jobId));
  }

  /** The marks of those of {@code jobIds} that have one, in one read. */
  public Map<String, Cancel> marked(List<String> jobIds) {
    Map<String, Cancel> found = new LinkedHashMap<>();
    if (jobIds.isEmpty()) {
      return found;
    }
    List<String> values = redis.mget(jobIds.stream().map(RedisKeys::cancel).toArray(String[]::new));
    for (int i = 0; i < jobIds.size(); i++) {
      String json = values.get(i);
      if (json != null) {
        try {
          found.put(jobIds.get(i), Cancel.fromJson(json));
        } catch (IllegalArgumentException e) {
          LOG.log(Level.WARNING, "Ignoring the unreadable cancel mark of job {0}", jobIds.get(i));
        }
      }
    }
    return found;
  }
}
