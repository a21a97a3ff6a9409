package io.moi.live.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UserTreeTest {

  private final UserTree tree = new UserTree("root");

  @Test
  void shapeAndMembership() {
    tree.replace(Map.of("g", "root", "job", "g"));
    assertThat(tree.contains("job")).isTrue();
    assertThat(tree.isWithin("job", Set.of("g"))).isTrue();
    assertThat(tree.subtree("g")).containsExactly("g", "job");
    assertThat(tree.remove("g")).containsExactlyInAnyOrder("g", "job");
    assertThat(tree.contains("job")).isFalse();
  }
}
