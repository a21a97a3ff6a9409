package io.moi.tree.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.moi.LocalRedis;
import io.moi.redis.RedisKeys;
import io.moi.tree.entity.Info;
import io.moi.tree.entity.Lineage;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.UnifiedJedis;

/** How nodes are read back from a real Redis: what is found, skipped, dropped and ordered. */
class NodesReadTest {

  @RegisterExtension static final LocalRedis REDIS = new LocalRedis();

  private static final LocalDateTime DAY = LocalDateTime.of(2026, 3, 1, 12, 0);

  private static String at(LocalDateTime when) {
    return io.moi.tree.entity.Dates.format(when);
  }

  private UnifiedJedis redis;
  private Nodes nodes;

  @BeforeEach
  void buildNodes() {
    redis = REDIS.client();
    nodes = new Nodes();
    nodes.redis = redis;
    // root > (group > job-b, job-a)
    put(Info.newGroup("root", "alice", null, at(DAY)));
    put(Info.newGroup("group", "reports", "root", at(DAY.plusMinutes(1))));
    put(Info.newJob("job-a", "first", "group", "default", null, at(DAY.plusMinutes(3))));
    put(Info.newJob("job-b", "second", "group", "default", null, at(DAY.plusMinutes(2))));
  }

  @Test
  void findReadsTheInfoObjectOrNothing() {
    assertThat(nodes.find("job-a"))
        .contains(Info.newJob("job-a", "first", "group", "default", null, at(DAY.plusMinutes(3))));
    assertThat(nodes.find("no-such-node")).isEmpty();
  }

  @Test
  void aKeyThatDoesNotHoldAnInfoObjectIsNotANode() {
    redis.set("not-json", "plain text");
    redis.set("no-id", "{\"type\": \"job\"}");

    assertThat(nodes.find("not-json")).isEmpty();
    assertThat(nodes.find("no-id")).isEmpty();
    assertThat(nodes.findAll(List.of("job-a", "not-json", "missing"))).containsOnlyKeys("job-a");
  }

  @Test
  void findAllKeepsTheOrderAskedForAndLeavesMissingOnesOut() {
    assertThat(nodes.findAll(List.of("job-b", "missing", "root", "job-a")).keySet())
        .containsExactly("job-b", "root", "job-a");
    assertThat(nodes.findAll(List.of())).isEmpty();
  }

  @Test
  void childrenAreTheMembersOfTheGroupsSetOldestFirst() {
    redis.sadd(RedisKeys.children("group"), "job-a", "job-b");

    assertThat(nodes.children("group")).extracting(Info::id).containsExactly("job-b", "job-a");
    assertThat(nodes.children("job-a")).isEmpty();
  }

  @Test
  void membersWhoseKeysExpiredAreDroppedFromTheSetWhenRead() {
    redis.sadd(RedisKeys.children("group"), "job-a", "job-b", "expired");

    assertThat(nodes.children("group")).extracting(Info::id).containsExactly("job-b", "job-a");
    assertThat(redis.smembers(RedisKeys.children("group")))
        .containsExactlyInAnyOrder("job-a", "job-b");
  }

  @Test
  void aMemberThatIsNotAnInfoObjectIsSkippedButKept() {
    redis.set("broken", "{");
    redis.sadd(RedisKeys.children("group"), "job-a", "broken");

    assertThat(nodes.children("group")).extracting(Info::id).containsExactly("job-a");
    assertThat(redis.sismember(RedisKeys.children("group"), "broken")).isTrue();
  }

  @Test
  void membershipExistenceAndForgetting() {
    redis.sadd(RedisKeys.children("group"), "job-a");

    assertThat(nodes.isMember("group", "job-a")).isTrue();
    assertThat(nodes.isMember("group", "job-b")).isFalse();
    assertThat(nodes.exists("job-b")).isTrue();
    assertThat(nodes.exists("missing")).isFalse();

    nodes.forget("group", "job-a");

    assertThat(nodes.isMember("group", "job-a")).isFalse();
    assertThat(nodes.exists("job-a")).isTrue();
  }

  @Test
  void theLineageBelowAGroupRunsUpToItsRoot() {
    put(Info.newGroup("inner", "inner", "group", at(DAY)));

    Lineage lineage = nodes.lineageBelow("inner");

    assertThat(lineage.ancestors()).containsExactly("inner", "group", "root");
    assertThat(lineage.root().id()).isEqualTo("root");
    assertThat(nodes.lineageBelow("root").ancestors()).containsExactly("root");
  }

  @Test
  void theLineageIsReadByOneScriptHoweverDeepTheGroup() {
    put(Info.newGroup("inner", "inner", "group", at(DAY)));
    put(Info.newGroup("innermost", "innermost", "inner", at(DAY)));
    long scripts = called("eval");
    long reads = called("get");

    Lineage lineage = nodes.lineageBelow("innermost");

    assertThat(lineage.ancestors()).containsExactly("innermost", "inner", "group", "root");
    // One round trip: one script, whose four reads Redis counts as its own.
    assertThat(called("eval") - scripts).isEqualTo(1);
    assertThat(called("get") - reads).isEqualTo(4);
  }

  /** How often Redis has run {@code command} so far, inside scripts too. */
  private long called(String command) {
    for (String line : redis.info("commandstats").split("\\r?\\n")) {
      if (line.startsWith("cmdstat_" + command + ":")) {
        return Long.parseLong(line.replaceAll("^[^:]+:calls=(\\d+),.*", "$1"));
      }
    }
    return 0;
  }

  @Test
  void onlyAnExistingGroupHasALineage() {
    assertThatThrownBy(() -> nodes.lineageBelow("job-a"))
        .isInstanceOf(UnknownNodeException.class)
        .hasMessage("no group with ID 'job-a'");
    assertThatThrownBy(() -> nodes.lineageBelow("missing"))
        .isInstanceOf(UnknownNodeException.class)
        .hasMessage("no group with ID 'missing'");
  }

  @Test
  void aGroupWhoseAncestorIsGoneHasNoLineage() {
    redis.del("root");

    assertThatThrownBy(() -> nodes.lineageBelow("group"))
        .isInstanceOf(UnknownNodeException.class)
        .hasMessage("group 'group' has lost its ancestor 'root'");
  }

  @Test
  void groupsNestedDeeperThanSixtyFourLevelsHaveNoLineage() {
    String parent = "root";
    for (int depth = 1; depth <= 64; depth++) {
      put(Info.newGroup("level-" + depth, "level", parent, at(DAY)));
      parent = "level-" + depth;
    }

    assertThat(nodes.lineageBelow("level-63").ancestors()).hasSize(64);
    assertThatThrownBy(() -> nodes.lineageBelow("level-64"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("group 'level-64' is nested deeper than 64");
  }

  private void put(Info node) {
    redis.set(RedisKeys.info(node.id()), node.toJson());
  }
}
