package io.moi.live.control;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.websocket.CloseReason;
import jakarta.websocket.CloseReason.CloseCodes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The registry of open connections: one tree per user, kept while any of their connections is open.
 */
class ConnectionsTest {

  private final Connections connections = new Connections();
  private final TestLanes lanes = TestLanes.open(1);

  @AfterEach
  void stopLanes() throws InterruptedException {
    lanes.close();
  }

  private Client join(RecordingSession peer, String root) {
    return connections.join(
        peer.session,
        root,
        tree ->
            new Client(
                peer.session,
                peer.session.getUserPrincipal().getName(),
                tree,
                10,
                lanes.lanes.assign(),
                "barrier"));
  }

  @Test
  void theConnectionsOfOneRootShareOneTreeUntilTheLastLeaves() {
    var first = new RecordingSession("alice");
    var second = new RecordingSession("alice");
    Client a = join(first, "root-a");
    Client b = join(second, "root-a");

    assertThat(a.tree()).isSameAs(b.tree());
    assertThat(connections.trees()).containsExactly(a.tree());
    assertThat(connections.of(a.tree())).containsExactlyInAnyOrder(a, b);

    connections.leave(first.session);
    assertThat(connections.of(a.tree())).containsExactly(b);
    assertThat(connections.trees()).containsExactly(a.tree());

    connections.leave(second.session);
    assertThat(connections.trees()).isEmpty();
    assertThat(connections.isEmpty()).isTrue();
    assertThat(join(new RecordingSession("alice"), "root-a").tree())
        .as("a fresh tree")
        .isNotSameAs(a.tree());
  }

  @Test
  void aConnectionIsFoundByItsSessionAndTheConnectionsOfAUserByName() {
    var alice = new RecordingSession("alice");
    var bob = new RecordingSession("bob");
    Client a = join(alice, "root-a");
    Client b = join(bob, "root-b");

    assertThat(connections.of(alice.session)).isSameAs(a);
    assertThat(connections.ofUser("bob")).containsExactly(b);
    assertThat(connections.ofUser("carol")).isEmpty();
    assertThat(connections.of(new RecordingSession("alice").session)).isNull();
  }

  @Test
  void aConnectionBeingClosedGetsNoMoreMessagesOfItsTree() {
    var staying = new RecordingSession("alice");
    var closing = new RecordingSession("alice");
    Client stays = join(staying, "root-a");
    Client closes = join(closing, "root-a");

    closes.close(new CloseReason(CloseCodes.NORMAL_CLOSURE, "bye"));

    assertThat(connections.of(stays.tree())).containsExactly(stays);
  }

  @Test
  void leavingTwiceOrUnknownChangesNothing() {
    var peer = new RecordingSession("alice");
    Client client = join(peer, "root-a");
    connections.leave(new RecordingSession("alice").session);
    connections.leave(peer.session);
    connections.leave(peer.session);

    assertThat(connections.trees()).isEmpty();
    assertThat(connections.of(client.tree())).isEmpty();
  }
}
