package io.moi.live.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The live side's copy of one user's tree: what it holds, moves, drops and answers. */
class UserTreeShapeTest {

  private final UserTree tree = new UserTree("root");

  @BeforeEach
  void fill() {
    // root > (reports > (weekly > monday), daily), other
    tree.replace(
        Map.of(
            "reports", "root",
            "weekly", "reports",
            "monday", "weekly",
            "daily", "reports",
            "other", "root"));
  }

  @Test
  void replaceOnAFullTreeDropsEveryNodeNotInTheFreshShape() {
    tree.replace(Map.of("reports", "root", "daily", "reports", "fresh", "root"));

    assertThat(tree.nodes()).containsExactlyInAnyOrder("reports", "daily", "fresh");
    assertThat(tree.contains("weekly")).isFalse();
    assertThat(tree.contains("monday")).isFalse();
    assertThat(tree.contains("other")).isFalse();
    assertThat(tree.subtree("reports")).containsExactlyInAnyOrder("reports", "daily");
    assertThat(tree.subtree("root")).containsExactlyInAnyOrder("root", "reports", "daily", "fresh");
    assertThat(tree.isWithin("monday", Set.of("reports"))).isFalse();
  }

  @Test
  void removingAGroupRemovesItsSubtreeAndDetachesItFromItsParent() {
    assertThat(tree.remove("weekly")).containsExactlyInAnyOrder("weekly", "monday");

    assertThat(tree.contains("weekly")).isFalse();
    assertThat(tree.contains("monday")).isFalse();
    assertThat(tree.subtree("reports")).containsExactlyInAnyOrder("reports", "daily");
    assertThat(tree.nodes()).containsExactlyInAnyOrder("reports", "daily", "other");
  }

  @Test
  void aRemovedGroupPutBackComesBackWithoutItsOldMembers() {
    tree.remove("weekly");
    tree.put("reports", "weekly");

    assertThat(tree.subtree("weekly")).containsExactly("weekly");
  }

  @Test
  void theRootAndUnknownNodesCannotBeRemoved() {
    assertThat(tree.remove("root")).isEmpty();
    assertThat(tree.remove("nowhere")).isEmpty();

    assertThat(tree.contains("root")).isTrue();
    assertThat(tree.nodes()).hasSize(5);
    assertThat(tree.subtree("root")).hasSize(6);
  }

  @Test
  void theRootIsAlwaysContainedButNeverStoredAsAMember() {
    tree.put("reports", "root");

    assertThat(tree.contains("root")).isTrue();
    assertThat(tree.nodes()).doesNotContain("root");
    assertThat(tree.subtree("reports")).doesNotContain("root");
    assertThat(tree.root()).isEqualTo("root");
  }

  @Test
  void aNodePutUnderAnotherGroupMovesWithItsSubtree() {
    tree.put("other", "weekly");

    assertThat(tree.subtree("reports")).containsExactlyInAnyOrder("reports", "daily");
    assertThat(tree.subtree("other")).containsExactlyInAnyOrder("other", "weekly", "monday");
    assertThat(tree.isWithin("monday", Set.of("other"))).isTrue();
    assertThat(tree.isWithin("monday", Set.of("reports"))).isFalse();
  }

  @Test
  void aNodeIsWithinItselfAndEveryAncestorUpToTheRoot() {
    assertThat(tree.isWithin("monday", Set.of("monday"))).isTrue();
    assertThat(tree.isWithin("monday", Set.of("weekly"))).isTrue();
    assertThat(tree.isWithin("monday", Set.of("reports"))).isTrue();
    assertThat(tree.isWithin("monday", Set.of("root"))).isTrue();
    assertThat(tree.isWithin("monday", Set.of("other", "weekly"))).isTrue();
  }

  @Test
  void aNodeIsNotWithinItsDescendantsSiblingsOrStrangers() {
    assertThat(tree.isWithin("weekly", Set.of("monday"))).isFalse();
    assertThat(tree.isWithin("monday", Set.of("daily"))).isFalse();
    assertThat(tree.isWithin("monday", Set.of("other"))).isFalse();
    assertThat(tree.isWithin("unknown", Set.of("root"))).isFalse();
    assertThat(tree.isWithin("monday", Set.of())).isFalse();
  }

  @Test
  void aCycleMadeByAThirdPartyEndsTheWalksInsteadOfLooping() {
    // weekly's member "loop" claims reports, an ancestor of weekly, as its member.
    tree.put("weekly", "loop");
    tree.put("loop", "reports");

    assertThat(tree.isWithin("loop", Set.of("root"))).isFalse();
    assertThat(tree.subtree("reports"))
        .contains("reports", "weekly", "loop")
        .hasSizeLessThanOrEqualTo(8);
  }
}
