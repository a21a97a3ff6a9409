package io.moi.tree.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.moi.LocalRedis;
import io.moi.redis.RedisKeys;
import io.moi.redis.TestExpiry;
import io.moi.tree.entity.Info;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.UnifiedJedis;

/** Users' root groups in user-id-map of a real Redis. */
class UsersTest {

  @RegisterExtension static final LocalRedis REDIS = new LocalRedis();

  private UnifiedJedis redis;
  private Users users;

  @BeforeEach
  void buildUsers() {
    redis = REDIS.client();
    users = fresh();
  }

  private Users fresh() {
    var made = new Users();
    made.redis = redis;
    made.expiry = TestExpiry.of("1h");
    return made;
  }

  @Test
  void aUsersFirstSightCreatesTheRootGroupInBothDirectionsOfTheMap() {
    String root = users.rootGroup("alice");

    assertThat(redis.hget(RedisKeys.USER_ID_MAP, "alice")).isEqualTo(root);
    assertThat(redis.hget(RedisKeys.USER_ID_MAP, root)).isEqualTo("alice");
    Info group = Info.fromJson(redis.get(RedisKeys.info(root)));
    assertThat(group.isGroup()).isTrue();
    assertThat(group.nameText()).isEqualTo("alice");
    assertThat(group.parent()).isNull();
    assertThat(redis.ttl(RedisKeys.info(root))).isBetween(1L, 3600L);
  }

  @Test
  void theRootGroupStaysTheSameAcrossServersAndIsRecreatedWhenItExpired() {
    String root = users.rootGroup("alice");
    redis.del(RedisKeys.info(root));

    assertThat(fresh().rootGroup("alice")).isEqualTo(root);
    assertThat(users.rootGroup("alice")).isEqualTo(root);
    assertThat(redis.exists(RedisKeys.info(root))).isTrue();
    assertThat(users.rootGroup("bob")).isNotEqualTo(root);
  }

  @Test
  void anEmptyUsernameHasNoRootGroup() {
    assertThatThrownBy(() -> users.rootGroup(" ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> users.rootGroup(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void lookingUpAUserNeverCreatesOne() {
    assertThat(users.rootGroupId("carol")).isEmpty();
    assertThat(redis.exists(RedisKeys.USER_ID_MAP)).isFalse();

    String root = fresh().rootGroup("carol");
    assertThat(users.rootGroupId("carol")).contains(root);
  }

  @Test
  void aMapEntryInOneDirectionOnlyIsNoUser() {
    redis.hset(RedisKeys.USER_ID_MAP, "mallory", "5e0e5b4c-7c1a-4c3e-9a51-7b1f0e2d3c4b");

    assertThat(users.rootGroupId("mallory")).isEmpty();
    assertThat(users.all()).doesNotContainKey("mallory");
  }

  @Test
  void allListsUsersWithUuidRootsSortedByName() {
    String bob = users.rootGroup("bob");
    String alice = users.rootGroup("alice");
    // Both directions, but not a UUID: written by something else.
    redis.hset(RedisKeys.USER_ID_MAP, Map.of("odd", "odd-root", "odd-root", "odd"));

    assertThat(users.all()).containsExactly(Map.entry("alice", alice), Map.entry("bob", bob));
  }

  @Test
  void aRootThatUuidParsingWouldAcceptButIsNotWrittenAsOneIsNoUser() {
    String alice = users.rootGroup("alice");
    // UUID.fromString reads "1-2-3-4-5" as 00000001-0002-0003-0004-000000000005.
    redis.hset(RedisKeys.USER_ID_MAP, Map.of("short", "1-2-3-4-5", "1-2-3-4-5", "short"));

    assertThat(users.all()).containsExactly(Map.entry("alice", alice));
  }

  @Test
  void theNoUserGroupIsAGroupWithTheLiteralId() {
    Info group = users.noUserGroup();

    assertThat(group.id()).isEqualTo("no-user");
    assertThat(group.isGroup()).isTrue();
    assertThat(group.parent()).isNull();
  }
}
