package io.moi.tree.entity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineageTest {

  private static final Info ROOT =
      Info.newGroup("root", "alice", null, Dates.format(LocalDateTime.of(2026, 3, 1, 12, 0)));

  @Test
  void aChildsLineageHasTheNodeAsParentAndKeepsTheAncestorsAndRoot() {
    var lineage = new Lineage(List.of("group", "root"), ROOT);

    var below = lineage.below("inner");

    assertThat(below.parent()).isEqualTo("inner");
    assertThat(below.ancestors()).containsExactly("inner", "group", "root");
    assertThat(below.root()).isEqualTo(ROOT);
    assertThat(lineage.ancestors()).as("unchanged").containsExactly("group", "root");
  }

  @Test
  void aLineageNeedsAParent() {
    assertThatThrownBy(() -> new Lineage(List.of(), ROOT))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
