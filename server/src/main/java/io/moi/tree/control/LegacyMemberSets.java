package io.moi.tree.control;

import io.moi.changes.entity.RelayConnected;
import io.moi.redis.RedisKeys;
import io.moi.tree.entity.Dates;
import io.moi.tree.entity.Info;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Moves the member sets that earlier versions of this server kept under {@code <group>:jobs} to the
 * protocol's {@code <group>:children}, once: at start-up, or as soon as Redis answers when it was
 * away then. A marker key records that the move is done, so later starts skip the scan.
 *
 * <p>Only sets whose group holds a group's info object are moved: a {@code :jobs} key of anyone
 * else is left alone. Each set moves in one script, which is a no-op when another server has moved
 * it already, so two servers starting at once against one Redis lose nothing.
 */
@ApplicationScoped
public class LegacyMemberSets {

  private static final Logger LOG = System.getLogger(LegacyMemberSets.class.getName());
  private static final int SCAN_COUNT = 1000;

  // KEYS[1] the old set, KEYS[2] the new one. The merged set keeps no expiry when either had
  // none (the expiry rule of a Redis shared with the original moi), else the longer of the two.
  private static final String MOVE =
      """
      local old = redis.call('PTTL', KEYS[1])
      if old == -2 then return 0 end
      local new = redis.call('PTTL', KEYS[2])
      redis.call('SUNIONSTORE', KEYS[2], KEYS[2], KEYS[1])
      redis.call('DEL', KEYS[1])
      if old > 0 and new ~= -1 then redis.call('PEXPIRE', KEYS[2], math.max(old, new)) end
      return 1""";

  @Inject UnifiedJedis redis;

  private volatile boolean done;

  void atStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
    moveIfNeeded();
  }

  void whenRedisAnswers(@Observes RelayConnected connected) {
    moveIfNeeded();
  }

  private void moveIfNeeded() {
    if (done) {
      return;
    }
    try {
      int moved = moveAll();
      if (moved > 0) {
        LOG.log(Level.INFO, "Moved {0} member sets from <group>:jobs to <group>:children", moved);
      }
      done = true;
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING,
          "Member sets of earlier versions not moved yet ({0}); trying again when Redis answers",
          e.getMessage());
    }
  }

  /** Moves every legacy member set of a group, unless that was done before; the number moved. */
  public int moveAll() {
    if (redis.exists(RedisKeys.LEGACY_SETS_MOVED)) {
      return 0;
    }
    var params = new ScanParams().match(RedisKeys.allLegacyChildren()).count(SCAN_COUNT);
    String cursor = ScanParams.SCAN_POINTER_START;
    int moved = 0;
    do {
      ScanResult<String> page = redis.scan(cursor, params, "set");
      for (String key : page.getResult()) {
        String group = RedisKeys.groupOfLegacyChildren(key);
        if (group != null && isGroup(group)) {
          moved +=
              ((Long) redis.eval(MOVE, List.of(key, RedisKeys.children(group)), List.of()))
                  .intValue();
        }
      }
      cursor = page.getCursor();
    } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
    redis.set(RedisKeys.LEGACY_SETS_MOVED, Dates.now());
    return moved;
  }

  private boolean isGroup(String id) {
    try {
      String json = redis.get(RedisKeys.info(id));
      if (json == null) {
        return false;
      }
      Info info = Info.fromJson(json);
      return info.isGroup() && id.equals(info.id());
    } catch (JedisDataException | IllegalArgumentException notAnInfoObject) {
      return false;
    }
  }
}
