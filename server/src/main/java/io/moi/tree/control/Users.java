package io.moi.tree.control;

import io.moi.redis.Expiry;
import io.moi.redis.RedisKeys;
import io.moi.tree.entity.Dates;
import io.moi.tree.entity.Info;
import io.moi.tree.entity.NodeIds;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;

/** Users' root groups, kept in {@code user-id-map} in both directions. */
@ApplicationScoped
public class Users {

  // HGET then HSET of both fields inside one script: concurrent first requests for the same
  // user cannot create two UUIDs, and no reader sees one direction without the other.
  private static final String RESOLVE =
      """
      local uuid = redis.call('HGET', KEYS[1], ARGV[1])
      if uuid then return uuid end
      redis.call('HSET', KEYS[1], ARGV[1], ARGV[2], ARGV[2], ARGV[1])
      return ARGV[2]
      """;

  @Inject UnifiedJedis redis;
  @Inject Expiry expiry;

  // user-id-map entries are never changed once made, so they can be remembered.
  private final Map<String, String> known = new ConcurrentHashMap<>();

  /** The user's root group ID, created with its group info the first time the user is seen. */
  public String rootGroup(String username) {
    if (username == null || username.isBlank()) {
      throw new IllegalArgumentException("a username must not be empty");
    }
    // The map entry never changes once made: the script runs once per user and server.
    String uuid = known.get(username);
    if (uuid == null) {
      uuid =
          (String)
              redis.eval(
                  RESOLVE, List.of(RedisKeys.USER_ID_MAP), List.of(username, NodeIds.random()));
      known.put(username, uuid);
    }
    Info root = Info.newGroup(uuid, username, null, Dates.now());
    redis.set(RedisKeys.info(uuid), root.toJson(), SetParams.setParams().nx().ex(expiry.seconds()));
    return uuid;
  }

  /** The user's root group if the user has been seen; never creates one. */
  public Optional<String> rootGroupId(String username) {
    String uuid = known.get(username);
    if (uuid == null) {
      uuid = redis.hget(RedisKeys.USER_ID_MAP, username);
      if (uuid == null || !username.equals(redis.hget(RedisKeys.USER_ID_MAP, uuid))) {
        return Optional.empty();
      }
      known.put(username, uuid);
    }
    return Optional.of(uuid);
  }

  /** Every known user and their root group, sorted by name. */
  public Map<String, String> all() {
    Map<String, String> map = redis.hgetAll(RedisKeys.USER_ID_MAP);
    Map<String, String> users = new TreeMap<>();
    map.forEach(
        (key, value) -> {
          // Both directions live in one hash: a username maps to a UUID that maps back to it.
          if (key.equals(map.get(value)) && isUuid(value)) {
            users.put(key, value);
          }
        });
    return users;
  }

  private static boolean isUuid(String text) {
    try {
      return java.util.UUID.fromString(text).toString().equalsIgnoreCase(text);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The info of the group of jobs submitted with no user; writers create it if missing. */
  public Info noUserGroup() {
    return Info.newGroup(RedisKeys.NO_USER, RedisKeys.NO_USER, null, Dates.now());
  }
}
