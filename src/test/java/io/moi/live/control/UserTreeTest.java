package io.moi.live.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UserTreeTest {

  private final UserTree tree = new UserTree("root");

  @Test
  void anOwnWriteGoesOutOnceWhicheverPathComesFirst() {
    assertThat(tree.sendsLocal("job", "{\"update\":1}")).isTrue();
    assertThat(tree.sendsRelayed("job", "{\"update\":1}")).as("its message coming back").isFalse();

    assertThat(tree.sendsRelayed("job", "{\"update\":2}")).as("the relay read it first").isTrue();
    assertThat(tree.sendsLocal("job", "{\"update\":2}")).isFalse();
  }

  @Test
  void aThirdPartysRepeatedUpdateGoesOutEveryTime() {
    assertThat(tree.sendsRelayed("job", "{\"update\":1}")).isTrue();
    assertThat(tree.sendsRelayed("job", "{\"update\":1}")).isTrue();
    tree.sendsLocal("job", "{\"update\":2}");
    tree.sendsRelayed("job", "{\"update\":2}");
    assertThat(tree.sendsRelayed("job", "{\"update\":2}")).as("a second message is not an echo").isTrue();
  }

  @Test
  void aNewerStateReadBeforeTheEchoStillGoesOut() {
    tree.sendsLocal("job", "{\"update\":1}");
    assertThat(tree.sendsRelayed("job", "{\"update\":2}")).isTrue();
    assertThat(tree.sendsLocal("job", "{\"update\":2}")).isFalse();
  }

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
