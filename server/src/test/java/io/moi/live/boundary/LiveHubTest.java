package io.moi.live.boundary;

import static io.moi.live.control.RecordingSession.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.moi.LocalRedis;
import io.moi.TestEvent;
import io.moi.changes.entity.Notification;
import io.moi.changes.entity.RelayConnected;
import io.moi.live.control.Client;
import io.moi.live.control.RecordingSession;
import io.moi.live.control.TestLanes;
import io.moi.live.control.TestLive;
import io.moi.live.entity.Frames;
import io.moi.redis.Redis;
import io.moi.redis.RedisKeys;
import io.moi.redis.TestRedis;
import io.moi.security.entity.AccessEnded;
import io.moi.tree.control.TestTree;
import io.moi.tree.entity.Dates;
import io.moi.tree.entity.Info;
import io.moi.tree.entity.NodeUpdated;
import jakarta.websocket.CloseReason;
import jakarta.websocket.CloseReason.CloseCodes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.UnifiedJedis;

/**
 * The live side on a real Redis: client frames, relayed messages and own updates turned into frames
 * for the connections that watch the nodes concerned. Messages are handed to the hub as the relay
 * would; nothing else listens.
 */
class LiveHubTest {

  @RegisterExtension static final LocalRedis REDIS = new LocalRedis();

  private static final AtomicInteger MARKS = new AtomicInteger();

  private UnifiedJedis redis;
  private Redis connections;
  private TestTree tree;
  private TestLanes lanes;
  private TestLive live;
  private LiveHub hub;

  /** Where this server's own updates go; the hub unless a test says otherwise. */
  private Consumer<NodeUpdated> ownUpdates;

  private String root;

  @BeforeEach
  void buildHub() {
    redis = REDIS.client();
    connections = TestRedis.open(REDIS.url());
    tree = new TestTree(redis, connections, TestEvent.to(updated -> ownUpdates.accept(updated)));
    lanes = TestLanes.open(2);
    live = new TestLive(tree);
    hub = hub(100);
    ownUpdates = live.fanout::onLocalUpdate;
    // alice: root > (g > j), bob: his own root > b
    root = tree.users.rootGroup("alice");
    group("g", root);
    job("j", "g");
    job("b", tree.users.rootGroup("bob"));
  }

  private LiveHub hub(int maxQueue) {
    return hub(maxQueue, lanes);
  }

  private LiveHub hub(int maxQueue, TestLanes on) {
    return TestHub.wired(tree, live, on, maxQueue);
  }

  @AfterEach
  void stop() throws InterruptedException {
    lanes.close();
    TestRedis.close(connections);
  }

  private void group(String id, String parent) {
    tree.nodes.create(Info.newGroup(id, id, parent, Dates.now()), tree.nodes.lineageBelow(parent));
  }

  private void job(String id, String parent) {
    tree.nodes.create(
        Info.newJob(id, id, parent, "default", null, Dates.now()), tree.nodes.lineageBelow(parent));
  }

  private String frame(String action, String id) {
    return Frames.of(action, tree.nodes.find(id).orElseThrow());
  }

  /** A connection and what it has received. */
  private record Peer(RecordingSession recording, Client client) {}

  private Peer open(String user) {
    var recording = new RecordingSession(user);
    return new Peer(recording, hub.open(recording.session, user));
  }

  /**
   * Everything the connection has received once whatever was queued for it before has been written:
   * a marker queued after it comes out last.
   */
  private List<String> received(Peer peer) throws InterruptedException {
    String mark = "mark-" + MARKS.incrementAndGet();
    peer.client().send(mark);
    await(() -> peer.recording().frames().contains(mark), "the marker written");
    List<String> frames = new ArrayList<>(peer.recording().frames());
    frames.removeIf(f -> f.startsWith("mark-"));
    return frames;
  }

  private void relay(String channelNode, String message) {
    live.fanout.onNotification(new Notification(channelNode, message));
  }

  // --- client frames --------------------------------------------------------------------

  @Test
  void aGetOfNothingSendsTheWholeTreeRootFirst() throws Exception {
    Peer alice = open("alice");

    hub.onFrame(alice.recording().session, "{\"get\":null}");

    assertThat(received(alice))
        .containsExactly(frame("get", root), frame("get", "g"), frame("get", "j"));
    assertThat(alice.client().watched()).containsExactly(root);
  }

  @Test
  void aGetOrAddOfNodesOutsideTheTreeIsPassedOverLikeUnknownIds() throws Exception {
    Peer alice = open("alice");

    hub.onFrame(
        alice.recording().session, "{\"get\":[\"b\",\"nothing\",\"j\"],\"add\":[\"b\",\"g\"]}");

    assertThat(received(alice))
        .containsExactly(frame("get", "j"), frame("add", "g"), frame("add", "j"));
    assertThat(alice.client().watched()).containsExactlyInAnyOrder("j", "g");
  }

  @Test
  void aRemoveDetachesNodesOfTheUsersOwnTreeOnly() throws Exception {
    Peer alice = open("alice");
    String bobsRoot = tree.users.rootGroup("bob");

    hub.onFrame(alice.recording().session, "{\"remove\":[\"j\",\"b\",\"" + root + "\"]}");

    assertThat(tree.nodes.isMember("g", "j")).isFalse();
    assertThat(tree.nodes.isMember(bobsRoot, "b")).isTrue();
    assertThat(tree.nodes.isMember(root, "g")).isTrue();
  }

  @Test
  void aCloseFrameClosesTheConnectionNormally() throws Exception {
    Peer alice = open("alice");

    hub.onFrame(alice.recording().session, "{\"close\":null}");

    alice.client().gone().get(10, TimeUnit.SECONDS);
    assertThat(alice.recording().closes())
        .extracting(CloseReason::getCloseCode)
        .containsExactly(CloseCodes.NORMAL_CLOSURE);
  }

  @Test
  void malformedFramesUnknownActionsAndUnknownConnectionsAreIgnored() throws Exception {
    Peer alice = open("alice");

    hub.onFrame(new RecordingSession("alice").session, "{\"get\":null}");
    hub.onFrame(alice.recording().session, "not json");
    hub.onFrame(alice.recording().session, "{\"update\":[\"j\"]}");

    assertThat(received(alice)).isEmpty();
    assertThat(alice.client().watched()).isEmpty();
    assertThat(alice.client().isClosed()).isFalse();
  }

  // --- relayed messages ------------------------------------------------------------------

  @Test
  void anAddRelayedOnAWatchedGroupSendsTheNewNodeWithItsSubtreeToItsWatchersOnly()
      throws Exception {
    Peer watcher = open("alice");
    Peer elsewhere = open("alice");
    Peer bob = open("bob");
    hub.onFrame(watcher.recording().session, "{\"get\":[\"g\"]}");
    hub.onFrame(elsewhere.recording().session, "{\"get\":[\"j\"]}");
    hub.onFrame(bob.recording().session, "{\"get\":null}");
    int before = received(watcher).size();
    int elsewhereBefore = received(elsewhere).size();
    int bobBefore = received(bob).size();
    group("h", "g");
    job("hj", "h");

    relay("g", "{\"add\":[\"h\"]}");

    assertThat(received(watcher).subList(before, before + 2))
        .containsExactly(frame("add", "h"), frame("add", "hj"));
    assertThat(received(watcher)).hasSize(before + 2);
    assertThat(received(elsewhere)).hasSize(elsewhereBefore);
    assertThat(received(bob)).hasSize(bobBefore);
    assertThat(watcher.client().tree().subtree("g")).containsExactlyInAnyOrder("g", "j", "h", "hj");
  }

  @Test
  void anAddRelayedOnAGroupOutsideTheTreeChangesNothing() throws Exception {
    Peer alice = open("alice");
    hub.onFrame(alice.recording().session, "{\"get\":null}");
    int before = received(alice).size();

    relay(tree.users.rootGroup("bob"), "{\"add\":[\"j\"]}");

    assertThat(received(alice)).hasSize(before);
    assertThat(alice.client().tree().subtree(root)).containsExactlyInAnyOrder(root, "g", "j");
  }

  @Test
  void anUpdateRelayedForAWatchedNodeSendsItAsStoredNow() throws Exception {
    Peer watcher = open("alice");
    Peer other = open("alice");
    hub.onFrame(watcher.recording().session, "{\"get\":[\"g\"]}");
    group("other", root);
    relay(root, "{\"add\":[\"other\"]}");
    hub.onFrame(other.recording().session, "{\"get\":[\"other\"]}");
    int before = received(watcher).size();
    int otherBefore = received(other).size();
    Info running = tree.nodes.find("j").orElseThrow().withStatus("Running");
    redis.set(RedisKeys.info("j"), running.toJson());

    relay("j", "{\"update\":[\"j\",\"b\"]}");

    assertThat(received(watcher))
        .hasSize(before + 1)
        .last()
        .isEqualTo(Frames.of("update", running));
    assertThat(received(other)).hasSize(otherBefore);
  }

  @Test
  void aRemoveRelayedSendsTheNodeToItsWatchersAndForgetsItInTreeAndStore() throws Exception {
    Peer watcher = open("alice");
    Peer unconcerned = open("alice");
    hub.onFrame(watcher.recording().session, "{\"get\":[\"j\"]}");
    group("other", root);
    relay(root, "{\"add\":[\"other\"]}");
    hub.onFrame(unconcerned.recording().session, "{\"get\":[\"other\"]}");
    int before = received(watcher).size();
    int unconcernedBefore = received(unconcerned).size();
    String removed = frame("remove", "j");

    relay("g", "{\"remove\":[\"j\",\"b\"]}");

    assertThat(received(watcher)).hasSize(before + 1).last().isEqualTo(removed);
    assertThat(received(unconcerned)).hasSize(unconcernedBefore);
    assertThat(watcher.client().watched()).isEmpty();
    assertThat(watcher.client().tree().contains("j")).isFalse();
    assertThat(tree.nodes.isMember("g", "j")).as("a third party's remove is a detach").isFalse();
    assertThat(tree.nodes.isMember(tree.users.rootGroup("bob"), "b")).isTrue();
  }

  @Test
  void aRemoveRelayedOnAGroupOutsideTheTreeChangesNothing() throws Exception {
    Peer watcher = open("alice");
    hub.onFrame(watcher.recording().session, "{\"get\":[\"j\"]}");
    int before = received(watcher).size();

    relay(tree.users.rootGroup("bob"), "{\"remove\":[\"j\"]}");

    assertThat(received(watcher)).hasSize(before);
    assertThat(watcher.client().tree().contains("j")).isTrue();
    assertThat(tree.nodes.isMember("g", "j")).isTrue();
  }

  @Test
  void aGetRelayedOnAWatchedGroupResendsWhatEachWatcherAskedFor() throws Exception {
    Peer watcher = open("alice");
    Peer unconcerned = open("alice");
    hub.onFrame(watcher.recording().session, "{\"get\":[\"g\"]}");
    hub.onFrame(unconcerned.recording().session, "{\"get\":[\"j\"]}");
    int before = received(watcher).size();
    int unconcernedBefore = received(unconcerned).size();

    relay("g", "{\"get\":null}");
    relay("g", "{\"get\":[\"j\",\"b\"]}");
    relay(tree.users.rootGroup("bob"), "{\"get\":null}");

    assertThat(received(watcher).subList(before, received(watcher).size()))
        .containsExactly(frame("get", "g"), frame("get", "j"), frame("get", "j"));
    assertThat(received(unconcerned)).hasSize(unconcernedBefore);
  }

  @Test
  void malformedOrUnknownRelayedMessagesAreIgnored() throws Exception {
    Peer watcher = open("alice");
    hub.onFrame(watcher.recording().session, "{\"get\":null}");
    int before = received(watcher).size();

    relay("g", "not json");
    relay("g", "{\"close\":null}");

    assertThat(received(watcher)).hasSize(before);
    assertThat(watcher.client().isClosed()).isFalse();
  }

  // --- own updates -----------------------------------------------------------------------

  @Test
  void anOwnUpdateGoesOutFromTheWriteAndItsRelayedEchoIsPassedOver() throws Exception {
    Peer watcher = open("alice");
    hub.onFrame(watcher.recording().session, "{\"get\":[\"j\"]}");
    int before = received(watcher).size();
    Info running = tree.nodes.find("j").orElseThrow().withStatus("Running");

    tree.nodes.update(running, tree.nodes.lineageBelow("g"));
    relay("j", TestTree.message("update", "j"));

    assertThat(received(watcher))
        .hasSize(before + 1)
        .last()
        .isEqualTo(Frames.of("update", running));
  }

  @Test
  void anOwnUpdateOfANodeNotYetPlacedGoesOutWhenItsMessageIsRelayedAfterTheAdd() throws Exception {
    Peer watcher = open("alice");
    hub.onFrame(watcher.recording().session, "{\"get\":[\"g\"]}");
    int before = received(watcher).size();
    job("new", "g");
    Info running = tree.nodes.find("new").orElseThrow().withStatus("Running");

    tree.nodes.update(running, tree.nodes.lineageBelow("g"));
    relay("g", TestTree.message("add", "new"));
    relay("new", TestTree.message("update", "new"));

    assertThat(received(watcher).subList(before, received(watcher).size()))
        .containsExactly(Frames.of("add", running), Frames.of("update", running));
  }

  @Test
  void anOwnUpdateMadeWhileNoOneWasConnectedIsNotSentAgainWhenItsEchoArrives() throws Exception {
    Info running = tree.nodes.find("j").orElseThrow().withStatus("Running");
    tree.nodes.update(running, tree.nodes.lineageBelow("g"));
    Peer watcher = open("alice");
    hub.onFrame(watcher.recording().session, "{\"get\":[\"j\"]}");
    int before = received(watcher).size();

    relay("j", TestTree.message("update", "j"));

    assertThat(received(watcher))
        .as("the echo is passed over: the update went out from the write")
        .hasSize(before);
  }

  // --- the relay's reconnection -----------------------------------------------------------

  @Test
  void afterAReconnectionEachConnectionGetsWhatChangedInTheGap() throws Exception {
    Peer watcher = open("alice");
    Peer idle = open("alice");
    hub.onFrame(watcher.recording().session, "{\"get\":null}");
    int before = received(watcher).size();
    String removed = frame("remove", "j");
    tree.nodes.forget("g", "j");
    job("k", "g");

    live.resync.onReconnect(new RelayConnected(2));

    assertThat(received(watcher).subList(before, received(watcher).size()))
        .containsExactlyInAnyOrder(removed, frame("update", "g"), frame("add", "k"));
    assertThat(watcher.client().tree().subtree("g")).containsExactlyInAnyOrder("g", "k");
    assertThat(received(idle)).isEmpty();
  }

  @Test
  void theFirstConnectionSendsNothingButForgetsOwnUpdatesStillExpected() throws Exception {
    ownUpdates = updated -> {}; // its echo is all that reaches the hub
    Peer watcher = open("alice");
    hub.onFrame(watcher.recording().session, "{\"get\":[\"j\"]}");
    int before = received(watcher).size();
    Info running = tree.nodes.find("j").orElseThrow().withStatus("Running");
    tree.nodes.update(running, tree.nodes.lineageBelow("g"));

    live.resync.onReconnect(new RelayConnected(1));
    assertThat(received(watcher)).hasSize(before);
    relay("j", TestTree.message("update", "j"));

    assertThat(received(watcher))
        .hasSize(before + 1)
        .last()
        .isEqualTo(Frames.of("update", running));
  }

  @Test
  void aTreeThatCannotBeReadAfterAReconnectionLeavesTheOthersRefreshed() throws Exception {
    Peer bob = open("bob");
    Peer alice = open("alice");
    hub.onFrame(alice.recording().session, "{\"get\":[\"g\"]}");
    int before = received(alice).size();
    redis.del(RedisKeys.children(tree.users.rootGroup("bob")));
    redis.set(RedisKeys.children(tree.users.rootGroup("bob")), "not a set");
    job("k", "g");

    live.resync.onReconnect(new RelayConnected(3));

    assertThat(received(alice).subList(before, received(alice).size())).contains(frame("add", "k"));
    assertThat(bob.client().isClosed()).isFalse();
  }

  // --- connections ----------------------------------------------------------------------

  @Test
  void theConnectionsOfAUserShareOneTreeUntilTheLastOneLeaves() throws Exception {
    Peer first = open("alice");
    job("unannounced", "g");
    Peer second = open("alice");
    assertThat(second.client().tree()).isSameAs(first.client().tree());
    assertThat(second.client().tree().contains("unannounced"))
        .as("read once, by the first")
        .isFalse();

    hub.close(first.recording().session);
    hub.close(first.recording().session);
    Peer third = open("alice");
    assertThat(third.client().tree()).isSameAs(second.client().tree());
    hub.close(second.recording().session);
    hub.close(third.recording().session);
    Peer later = open("alice");
    hub.close(later.recording().session);
    hub.close(second.recording().session);

    Peer fresh = open("alice");
    assertThat(fresh.client().tree()).isNotSameAs(second.client().tree());
    assertThat(fresh.client().tree().contains("unannounced")).isTrue();
  }

  @Test
  void aClosedConnectionGetsNothingMore() throws Exception {
    Peer gone = open("alice");
    Peer staying = open("alice");
    hub.onFrame(gone.recording().session, "{\"get\":[\"j\"]}");
    hub.onFrame(staying.recording().session, "{\"get\":[\"j\"]}");
    int before = received(gone).size();
    hub.close(gone.recording().session);

    hub.onFrame(gone.recording().session, "{\"get\":[\"g\"]}");
    relay("j", "{\"update\":[\"j\"]}");

    assertThat(received(staying)).last().isEqualTo(frame("update", "j"));
    assertThat(received(gone)).hasSize(before);
  }

  @Test
  void aConnectionWhoseTreeCannotBeReadIsNotKept() throws Exception {
    redis.del(RedisKeys.children(root));
    redis.set(RedisKeys.children(root), "not a set");
    var failed = new RecordingSession("alice");

    assertThatThrownBy(() -> hub.open(failed.session, "alice"))
        .isInstanceOf(RuntimeException.class);

    redis.del(RedisKeys.children(root));
    Peer next = open("alice");
    hub.onFrame(failed.session, "{\"get\":null}");
    hub.onFrame(next.recording().session, "{\"get\":null}");
    assertThat(received(next)).containsExactly(frame("get", root));
    assertThat(failed.frames()).isEmpty();
  }

  @Test
  void aClientTooFarBehindGetsTheRootsUpdateBeforeItsCloseFrame() throws Exception {
    try (var paused = TestLanes.closed(1)) {
      var small = hub(2, paused);
      var slow = new RecordingSession("alice");
      Client client = small.open(slow.session, "alice");
      String rootUpdate = frame("update", root);

      // A snapshot the client asked for may be larger than the queue; a second while the first
      // is still waiting may not.
      small.onFrame(slow.session, "{\"get\":null}");
      assertThat(client.isClosed()).as("one snapshot of three frames, queue of two").isFalse();
      small.onFrame(slow.session, "{\"get\":null}");
      assertThat(client.isClosed()).as("two snapshots of three frames, queue of two").isTrue();
      paused.open();

      client.gone().get(10, TimeUnit.SECONDS);
      assertThat(slow.frames()).containsExactly(rootUpdate);
      assertThat(slow.closes())
          .extracting(CloseReason::getCloseCode)
          .containsExactly(CloseCodes.TRY_AGAIN_LATER);
    }
  }

  @Test
  void whenAUsersAccessEndsTheirConnectionsAreClosedBeforeTheObserverReturns() throws Exception {
    Peer first = open("alice");
    Peer second = open("alice");
    Peer bob = open("bob");

    assertThat(hub.endAccess(new AccessEnded("alice", AccessEnded.Cause.PASSWORD_CHANGED)))
        .containsExactlyInAnyOrder(first.client(), second.client());
    hub.onAccessEnded(new AccessEnded("alice", AccessEnded.Cause.REMOVED));

    for (Peer alice : List.of(first, second)) {
      assertThat(alice.client().gone()).isDone();
      assertThat(alice.recording().closes())
          .singleElement()
          .satisfies(
              reason -> {
                assertThat(reason.getCloseCode()).isEqualTo(CloseCodes.VIOLATED_POLICY);
                assertThat(reason.getReasonPhrase())
                    .as("the first reason given")
                    .isEqualTo(AccessEnded.Cause.PASSWORD_CHANGED.reason());
              });
    }
    assertThat(bob.client().isClosed()).isFalse();
    assertThat(hub.endAccess(new AccessEnded("carol", AccessEnded.Cause.REVOKED))).isEmpty();
  }
}
