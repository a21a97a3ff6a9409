package io.moi.tree.control;

import static io.moi.tree.entity.Infos.aGroup;
import static io.moi.tree.entity.Infos.aJob;
import static org.assertj.core.api.Assertions.assertThat;

import io.moi.LocalRedis;
import io.moi.redis.RedisKeys;
import io.moi.tree.entity.Info;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.UnifiedJedis;

/** Walks through the {@code :children} sets of a real Redis. */
class TreeWalkerTest {

  @RegisterExtension static final LocalRedis REDIS = new LocalRedis();

  private static final LocalDateTime DAY = LocalDateTime.of(2026, 3, 1, 12, 0);

  private static String at(LocalDateTime when) {
    return io.moi.tree.entity.Dates.format(when);
  }

  private UnifiedJedis redis;
  private TreeWalker walker;
  private final List<String> visits = new ArrayList<>();

  @BeforeEach
  void buildWalker() {
    redis = REDIS.client();
    var nodes = new Nodes();
    nodes.redis = redis;
    walker = new TreeWalker();
    walker.nodes = nodes;
    // top > (a-group > (inner > deep-job, a-job), b-group > b-job); each minute newer in this order
    group("top", null, 0);
    group("a-group", "top", 1);
    group("b-group", "top", 2);
    group("inner", "a-group", 3);
    job("a-job", "a-group", 4);
    job("deep-job", "inner", 5);
    job("b-job", "b-group", 6);
  }

  @Test
  void walksBreadthFirstNamingTheGroupThatHoldsEachNode() {
    walker.walk("top", (group, node) -> visits.add(group + ">" + node));

    // A set's members come in the set's order; a level comes before the next.
    assertThat(visits.subList(0, 2)).containsExactlyInAnyOrder("top>a-group", "top>b-group");
    assertThat(visits.subList(2, 5))
        .containsExactlyInAnyOrder("a-group>inner", "a-group>a-job", "b-group>b-job");
    assertThat(visits.get(5)).isEqualTo("inner>deep-job");
  }

  @Test
  void neverVisitsTheGroupItselfNorLoopsWhenASetHoldsAnAncestor() {
    // A third party put the walked group and a group above into a set further down.
    redis.sadd(RedisKeys.children("inner"), "top", "a-group");

    walker.walk("top", (group, node) -> visits.add(node));

    assertThat(visits)
        .containsExactlyInAnyOrder("a-group", "b-group", "inner", "a-job", "b-job", "deep-job");
  }

  @Test
  void aNodeInTwoSetsIsVisitedOnce() {
    redis.sadd(RedisKeys.children("inner"), "b-job");

    walker.walk("top", (group, node) -> visits.add(node));

    assertThat(visits).containsOnlyOnce("b-job");
    assertThat(visits).hasSize(6);
  }

  @Test
  void aJobsOwnSetIsNotWalked() {
    // Only groups have members; a set next to a job is not part of the tree.
    job("stray", "nowhere", 7);
    redis.sadd(RedisKeys.children("a-job"), "stray");

    walker.walk("top", (group, node) -> visits.add(node));

    assertThat(visits).doesNotContain("stray");
  }

  @Test
  void aMemberThatHoldsNoInfoObjectIsSkippedAndOneWhoseKeyExpiredLeavesTheSet() {
    redis.set(RedisKeys.info("not-info"), "[1, 2]");
    redis.sadd(RedisKeys.children("b-group"), "not-info", "expired");

    walker.walk("top", (group, node) -> visits.add(node));

    assertThat(visits).doesNotContain("not-info", "expired").contains("b-job");
    assertThat(redis.smembers(RedisKeys.children("b-group")))
        .containsExactlyInAnyOrder("b-job", "not-info");
  }

  @Test
  void aGroupIsToldFromAJobByItsTypeWhereverTheTypeStands() {
    // As another writer may order the fields: the type after a nested result.
    redis.set(
        RedisKeys.info("late-type"),
        "{\"id\": \"late-type\", \"result\": {\"type\": \"job\", \"x\": [1, {\"type\": 2}]},"
            + " \"name\": null, \"type\": \"group\"}");
    redis.sadd(RedisKeys.children("b-group"), "late-type");
    job("under-late", "late-type", 9);

    walker.walk("top", (group, node) -> visits.add(group + ">" + node));

    assertThat(visits).contains("b-group>late-type", "late-type>under-late");
  }

  @Test
  void anEmptyOrUnknownGroupHasNothingBelowIt() {
    group("empty", "top", 8);

    walker.walk("empty", (group, node) -> visits.add(node));
    walker.walk("no-such-group", (group, node) -> visits.add(node));

    assertThat(visits).isEmpty();
    assertThat(walker.descendants("empty")).isEmpty();
  }

  @Test
  void descendantsAreEveryNodeBelowOldestFirst() {
    // Created out of order of depth: deep-job is older than everything below top but a-group.
    redis.set(
        RedisKeys.info("deep-job"),
        aJob("deep-job").under("inner").created(at(DAY.minusDays(1))).toJson());

    assertThat(walker.descendants("top"))
        .extracting(Info::id)
        .containsExactly("deep-job", "a-group", "b-group", "inner", "a-job", "b-job");
  }

  @Test
  void descendantsWithoutACreationDateComeFirst() {
    redis.set(
        RedisKeys.info("deep-job"),
        aJob("deep-job").named(null).under("inner").created(null).toJson());

    assertThat(walker.descendants("a-group"))
        .extracting(Info::id)
        .containsExactly("deep-job", "inner", "a-job");
  }

  @Test
  void aLargeSubtreeIsHandedOverInPartsOldestFirstAndWhatTheWalkDidNotKeepIsReadAgain() {
    // more members than one read fetches, in a group and below it; created newest first
    int count = Nodes.PART * 2 + 500;
    for (int i = 0; i < count; i++) {
      job("many-" + i, i % 2 == 0 ? "b-group" : "inner", 10_000 - i);
    }
    redis.sadd(RedisKeys.children("b-group"), "expired");
    walker.kept = 100;

    TreeWalker.Descendants below = walker.descendantsOf("top");
    // the walk met these last, so it kept them only by ID: read again, or left out once gone
    redis.set(
        RedisKeys.info("many-1"),
        aJob("many-1")
            .under("inner")
            .named("renamed")
            .created(at(DAY.plusMinutes(9_999)))
            .toJson());
    redis.del(RedisKeys.info("many-0"));
    List<List<Info>> parts = new ArrayList<>();
    below.inParts(parts::add);

    assertThat(below.size()).isEqualTo(count + 6);
    assertThat(redis.sismember(RedisKeys.children("b-group"), "expired")).isFalse();
    assertThat(parts)
        .hasSize(3)
        .allSatisfy(part -> assertThat(part).hasSizeLessThanOrEqualTo(Nodes.PART));
    List<Info> read = parts.stream().flatMap(List::stream).toList();
    assertThat(read).hasSize(count + 5);
    assertThat(read.subList(0, 3))
        .extracting(Info::id)
        .containsExactly("a-group", "b-group", "inner");
    assertThat(read.get(read.size() - 1).id()).isEqualTo("many-1");
    assertThat(read.get(read.size() - 1).nameText()).isEqualTo("renamed");
    assertThat(read)
        .extracting(Info::id)
        .doesNotContain("many-0", "expired")
        .doesNotHaveDuplicates();
    assertThat(read).isSortedAccordingTo(Info.BY_CREATION);
  }

  private void group(String id, String parent, int minute) {
    redis.set(
        RedisKeys.info(id), aGroup(id).under(parent).created(at(DAY.plusMinutes(minute))).toJson());
    if (parent != null) {
      redis.sadd(RedisKeys.children(parent), id);
    }
  }

  private void job(String id, String parent, int minute) {
    redis.set(
        RedisKeys.info(id), aJob(id).under(parent).created(at(DAY.plusMinutes(minute))).toJson());
    redis.sadd(RedisKeys.children(parent), id);
  }
}
