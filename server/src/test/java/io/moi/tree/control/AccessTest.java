package io.moi.tree.control;

import static io.moi.tree.entity.Infos.aGroup;
import static io.moi.tree.entity.Infos.aJob;
import static org.assertj.core.api.Assertions.assertThat;

import io.moi.LocalRedis;
import io.moi.redis.RedisKeys;
import io.moi.security.entity.Caller;
import io.moi.security.entity.Roles;
import io.moi.tree.entity.Info;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.UnifiedJedis;

/** Who sees which node, read from a real Redis written the way the protocol lays nodes out. */
class AccessTest {

  @RegisterExtension static final LocalRedis REDIS = new LocalRedis();

  private static final Caller ALICE = new Caller("alice", Set.of(Roles.USER));
  private static final Caller BOB = new Caller("bob", Set.of(Roles.USER, Roles.EXEC));
  private static final Caller ADMIN = new Caller("root-admin", Set.of(Roles.USER, Roles.ADMIN));

  private UnifiedJedis redis;
  private Access access;

  @BeforeEach
  void buildAccess() {
    redis = REDIS.client();
    var nodes = new Nodes();
    nodes.redis = redis;
    var users = new Users();
    users.redis = redis;
    access = new Access();
    access.nodes = nodes;
    access.users = users;
    // alice: alice-root > reports > weekly (a job); bob: bob-root > bobs-job
    user("alice", "alice-root");
    user("bob", "bob-root");
    group("reports", "alice-root");
    job("weekly", "reports");
    job("bobs-job", "bob-root");
  }

  @Test
  void aUserSeesEveryNodeOfTheirOwnTreeWhosePathIsIntact() {
    assertThat(access.visible(ALICE, "alice-root")).map(Info::id).contains("alice-root");
    assertThat(access.visible(ALICE, "reports")).map(Info::id).contains("reports");
    assertThat(access.visible(ALICE, "weekly")).map(Info::id).contains("weekly");
  }

  @Test
  void aUserDoesNotSeeAnotherUsersNodes() {
    assertThat(access.visible(ALICE, "bobs-job")).isEmpty();
    assertThat(access.visible(ALICE, "bob-root")).isEmpty();
    assertThat(access.visible(BOB, "weekly")).isEmpty();
    assertThat(access.visible(BOB, "bobs-job")).isPresent();
  }

  @Test
  void aNodeDetachedFromItsParentsSetIsInvisibleWithEverythingBelowIt() {
    redis.srem(RedisKeys.children("alice-root"), "reports");

    assertThat(access.visible(ALICE, "reports")).isEmpty();
    assertThat(access.visible(ALICE, "weekly")).isEmpty();
  }

  @Test
  void aNodeThatOnlyNamesAParentWithoutBeingInItsSetIsInvisible() {
    // A third party wrote an info object claiming alice's group as its parent.
    redis.set(RedisKeys.info("planted"), aJob("planted").under("reports").toJson());

    assertThat(access.visible(ALICE, "planted")).isEmpty();
  }

  @Test
  void aNodeWhoseParentGroupIsGoneIsInvisible() {
    redis.del(RedisKeys.info("reports"));

    assertThat(access.visible(ALICE, "weekly")).isEmpty();
  }

  @Test
  void aNodeWithoutAParentOutsideTheUsersTreeIsInvisible() {
    redis.set(RedisKeys.info("orphan-root"), aGroup("orphan-root").toJson());

    assertThat(access.visible(ALICE, "orphan-root")).isEmpty();
  }

  @Test
  void aUserWithoutARootGroupSeesNothing() {
    var carol = new Caller("carol", Set.of(Roles.USER));

    assertThat(access.visible(carol, "weekly")).isEmpty();
    assertThat(access.visible(carol, "alice-root")).isEmpty();
  }

  @Test
  void aRootGroupClaimedInOneDirectionOfTheUserMapOnlyGivesNothing() {
    // mallory -> alice-root without alice-root -> mallory: not mallory's root group.
    redis.hset(RedisKeys.USER_ID_MAP, "mallory", "alice-root");

    assertThat(access.visible(new Caller("mallory", Set.of(Roles.USER)), "weekly")).isEmpty();
  }

  @Test
  void adminsSeeEveryNodeEvenADetachedOne() {
    redis.srem(RedisKeys.children("reports"), "weekly");

    assertThat(access.visible(ADMIN, "bobs-job")).map(Info::id).contains("bobs-job");
    assertThat(access.visible(ADMIN, "weekly")).map(Info::id).contains("weekly");
  }

  @Test
  void aMissingNodeIsInvisibleToEveryone() {
    assertThat(access.visible(ALICE, "no-such-node")).isEmpty();
    assertThat(access.visible(ADMIN, "no-such-node")).isEmpty();
  }

  @Test
  void aCycleOfGroupsOutsideTheUsersTreeEndsInNothing() {
    // loop-a and loop-b each name the other as parent and sit in each other's sets.
    group("loop-a", "loop-b");
    group("loop-b", "loop-a");

    assertThat(access.visible(ALICE, "loop-a")).isEmpty();
    assertThat(access.visible(BOB, "loop-b")).isEmpty();
  }

  @Test
  void aPathIsFollowedUpSixtyFourLevelsAndNoFurther() {
    String parent = "alice-root";
    for (int depth = 1; depth <= 65; depth++) {
      group("level-" + depth, parent);
      parent = "level-" + depth;
    }

    assertThat(access.visible(ALICE, "level-64")).isPresent();
    assertThat(access.visible(ALICE, "level-65")).isEmpty();
  }

  @Test
  void onlyGroupsAreVisibleAsGroups() {
    assertThat(access.visibleGroup(ALICE, "reports")).map(Info::id).contains("reports");
    assertThat(access.visibleGroup(ALICE, "weekly")).isEmpty();
    assertThat(access.visibleGroup(BOB, "reports")).isEmpty();
  }

  private void user(String name, String rootId) {
    redis.hset(RedisKeys.USER_ID_MAP, name, rootId);
    redis.hset(RedisKeys.USER_ID_MAP, rootId, name);
    redis.set(RedisKeys.info(rootId), aGroup(rootId).named(name).toJson());
  }

  private void group(String id, String parent) {
    redis.set(RedisKeys.info(id), aGroup(id).under(parent).toJson());
    redis.sadd(RedisKeys.children(parent), id);
  }

  private void job(String id, String parent) {
    redis.set(RedisKeys.info(id), aJob(id).under(parent).toJson());
    redis.sadd(RedisKeys.children(parent), id);
  }
}
