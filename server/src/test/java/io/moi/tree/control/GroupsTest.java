package io.moi.tree.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.moi.LocalRedis;
import io.moi.redis.RedisKeys;
import io.moi.tree.entity.Info;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Groups created below a parent group, on a real Redis. */
class GroupsTest {

  @RegisterExtension static final LocalRedis REDIS = new LocalRedis();

  private StoredTrees trees;
  private String root;

  @BeforeEach
  void build() {
    trees = new StoredTrees(REDIS);
    root = trees.user("alice");
  }

  @AfterEach
  void close() {
    trees.close();
  }

  @Test
  void aGroupIsStoredAsAnsweredAndBecomesAMemberOfItsParent() {
    Info group = trees.groups.create("nightly import", root);

    assertThat(group.isGroup()).isTrue();
    assertThat(group.parent()).isEqualTo(root);
    assertThat(trees.nodes.find(group.id())).contains(group);
    assertThat(trees.nodes.isMember(root, group.id())).isTrue();
  }

  @Test
  void groupsNestAndEachNewOneGetsItsOwnId() {
    Info outer = trees.groups.create("outer", root);
    Info inner = trees.groups.create("inner", outer.id());

    assertThat(inner.id()).isNotEqualTo(outer.id());
    assertThat(trees.nodes.children(outer.id())).containsExactly(inner);
    assertThat(trees.groups.lineageBelow(inner.id()).ancestors())
        .containsExactly(inner.id(), outer.id(), root);
  }

  @Test
  void aGroupInTheNoUserGroupCreatesThatGroupToo() {
    assertThat(trees.nodes.find(RedisKeys.NO_USER)).isEmpty();

    Info group = trees.groups.create("anonymous batch", RedisKeys.NO_USER);

    assertThat(trees.nodes.find(RedisKeys.NO_USER))
        .hasValueSatisfying(g -> assertThat(g.isGroup()).isTrue());
    assertThat(trees.nodes.isMember(RedisKeys.NO_USER, group.id())).isTrue();
  }

  @Test
  void aGroupNeedsAParentThatIsAGroup() {
    trees.job("weekly", root, 1);

    assertThat(catchThrowable(() -> trees.groups.create("orphan", null)))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("parent");
    assertThat(catchThrowable(() -> trees.groups.create("lost", "no-such-group")))
        .isInstanceOf(UnknownNodeException.class)
        .hasMessage("no group with ID 'no-such-group'");
    assertThat(catchThrowable(() -> trees.groups.create("under a job", "weekly")))
        .isInstanceOf(UnknownNodeException.class)
        .hasMessage("no group with ID 'weekly'");
  }
}
