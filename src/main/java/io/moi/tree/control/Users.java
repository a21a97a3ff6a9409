package io.moi.tree.control;

import io.moi.redis.Expiry;
import io.moi.redis.RedisKeys;
import io.moi.tree.entity.Dates;
import io.moi.tree.entity.Info;
import io.moi.tree.entity.NodeIds;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import redis.clients.jedis.JedisPooled;
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

  @Inject JedisPooled redis;
  @Inject Expiry expiry;

  /** The user's root group ID, created with its group info the first time the user is seen. */
  public String rootGroup(String username) {
    if (username == null || username.isBlank()) {
      throw new IllegalArgumentException("a username must not be empty");
    }
    String uuid =
        (String)
            redis.eval(RESOLVE, List.of(RedisKeys.USER_ID_MAP), List.of(username, NodeIds.random()));
    Info root = Info.newGroup(uuid, username, null, Dates.now());
    redis.set(RedisKeys.info(uuid), root.toJson(), SetParams.setParams().nx().ex(expiry.seconds()));
    return uuid;
  }

  /** The group of jobs submitted with no user, created if missing. */
  public Info noUserGroup() {
    return Info.newGroup(RedisKeys.NO_USER, RedisKeys.NO_USER, null, Dates.now());
  }
}
