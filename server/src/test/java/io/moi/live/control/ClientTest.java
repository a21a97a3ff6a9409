package io.moi.live.control;

import static io.moi.live.control.RecordingSession.await;
import static io.moi.live.control.RecordingSession.numbered;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.websocket.CloseReason;
import jakarta.websocket.CloseReason.CloseCodes;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One connection's queue: order, checkpoints, back-pressure and the close after a flush. */
class ClientTest {

  private static final String BARRIER = "{\"update\":{\"id\":\"root\"}}";
  private static final CloseReason BYE =
      new CloseReason(CloseCodes.NORMAL_CLOSURE, "closed on request");

  private TestLanes lanes;

  @AfterEach
  void stopLanes() throws InterruptedException {
    lanes.close();
  }

  private Client client(RecordingSession peer, int limit) {
    return new Client(
        peer.session, "alice", new UserTree("root"), limit, lanes.lanes.assign(), BARRIER);
  }

  @Test
  void framesLeaveInTheOrderTheyWereQueuedWithACheckpointEvery256() throws Exception {
    lanes = TestLanes.open(1);
    var peer = new RecordingSession("alice");
    Client client = client(peer, 10_000);
    List<String> frames = numbered("f", 600);

    frames.forEach(client::send);

    await(() -> peer.frames().size() == 600, "all frames written");
    assertThat(peer.frames()).containsExactlyElementsOf(frames);
    // The first checkpoint comes at a random frame among the first 256, then every 256th.
    List<Integer> checkpoints = new java.util.ArrayList<>();
    for (int i = 0; i < 600; i++) {
      if (peer.sent().get(i).withCompletion()) {
        checkpoints.add(i);
      }
    }
    assertThat(checkpoints).hasSizeBetween(2, 3);
    assertThat(checkpoints.get(0)).isLessThan(256);
    assertThat(checkpoints.get(1) - checkpoints.get(0)).isEqualTo(256);
    assertThat(client.isClosed()).isFalse();
  }

  @Test
  void aCheckpointIsSentOnThePlatformLoaderAndTheLanesOwnLoaderIsRestoredAfterwards()
      throws Exception {
    lanes = TestLanes.open(1);
    var peer = new RecordingSession("alice");
    Client client = client(peer, 10_000);

    numbered("f", 300).forEach(client::send);

    await(() -> peer.frames().size() == 300, "all frames written");
    List<RecordingSession.Sent> sent = peer.sent();
    int checkpoint =
        sent.indexOf(
            sent.stream().filter(RecordingSession.Sent::withCompletion).findFirst().orElseThrow());
    assertThat(sent.get(checkpoint).contextLoader()).isSameAs(ClassLoader.getPlatformClassLoader());
    assertThat(sent.get(checkpoint + 1).contextLoader())
        .isNotSameAs(ClassLoader.getPlatformClassLoader())
        .isSameAs(sent.get(0).contextLoader());
  }

  @Test
  void nothingMoreIsWrittenUntilAHeldCheckpointCompletes() throws Exception {
    lanes = TestLanes.closed(1);
    var slow = new RecordingSession("alice");
    var other = new RecordingSession("bob");
    Client client = client(slow, 10_000);
    Client sameLane = client(other, 10_000);
    slow.holding = true;
    List<String> frames = numbered("f", 300);
    frames.forEach(client::send);

    lanes.open();
    await(() -> slow.heldCount() == 1, "a checkpoint waits for its completion");
    int written = slow.frames().size();
    client.send("late");
    sameLane.send("after");
    await(
        () -> other.frames().equals(List.of("after")), "the lane moved on to the other connection");

    assertThat(written).isBetween(1, 256);
    assertThat(slow.frames()).hasSize(written);
    slow.holding = false;
    slow.completeHeld(null);
    await(() -> slow.frames().size() == 301, "the rest written after the completion");
    assertThat(slow.frames().subList(0, 300)).containsExactlyElementsOf(frames);
    assertThat(slow.frames().get(300)).isEqualTo("late");
  }

  @Test
  void aClientThatQueuesMoreThanItsLimitIsClosedAndOnlyTheBarrierGoesBeforeTheCloseFrame()
      throws Exception {
    lanes = TestLanes.closed(1);
    var peer = new RecordingSession("alice");
    Client client = client(peer, 5);

    numbered("f", 5).forEach(client::send);
    assertThat(client.isClosed()).as("at its limit").isFalse();
    client.send("one too many");
    assertThat(client.isClosed()).isTrue();
    client.send("after the close");
    lanes.open();

    client.gone().get(10, TimeUnit.SECONDS);
    assertThat(peer.frames()).containsExactly(BARRIER);
    assertThat(peer.closes())
        .singleElement()
        .satisfies(
            reason -> {
              assertThat(reason.getCloseCode()).isEqualTo(CloseCodes.TRY_AGAIN_LATER);
              assertThat(reason.getReasonPhrase()).contains("too far behind (5 frames queued)");
            });
    assertThat(peer.open).isFalse();
  }

  @Test
  void theCloseFrameWaitsUntilABarrierIsWrittenAtOnce() throws Exception {
    lanes = TestLanes.closed(1);
    var peer = new RecordingSession("alice");
    var other = new RecordingSession("bob");
    Client client = client(peer, 1);
    Client sameLane = client(other, 10);
    client.send("queued");
    client.send("too many");
    peer.holding = true;

    lanes.open();
    await(() -> peer.heldCount() == 1, "the barrier waits for its completion");
    sameLane.send("after");
    await(() -> other.frames().size() == 1, "the lane moved on");
    assertThat(peer.closes()).as("the container still holds the barrier").isEmpty();
    assertThat(client.gone()).isNotDone();

    peer.holding = false;
    peer.completeHeld(null);
    client.gone().get(10, TimeUnit.SECONDS);
    assertThat(peer.frames()).containsExactly(BARRIER, BARRIER);
    assertThat(peer.closes())
        .extracting(CloseReason::getCloseCode)
        .containsExactly(CloseCodes.TRY_AGAIN_LATER);
  }

  @Test
  void aClientThatReadsNothingIsCutOffByTheTimerAfterThirtySeconds() throws Exception {
    lanes = TestLanes.closed(1);
    var peer = new RecordingSession("alice");
    Client client = client(peer, 1);
    client.send("queued");
    client.send("too many");
    peer.holding = true;
    lanes.open();
    await(() -> peer.heldCount() == 1, "the barrier waits for its completion");

    assertThat(lanes.delayed)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.unit().toSeconds(d.delay())).isEqualTo(30);
              d.task().run();
            });

    assertThat(client.gone()).isDone();
    assertThat(peer.closes())
        .extracting(CloseReason::getCloseCode)
        .containsExactly(CloseCodes.TRY_AGAIN_LATER);
    lanes.delayed.get(0).task().run();
    assertThat(peer.closes()).as("closed once").hasSize(1);
  }

  @Test
  void aCloseAskedForDropsWhatIsQueuedAndSendsNoBarrier() throws Exception {
    lanes = TestLanes.closed(1);
    var peer = new RecordingSession("alice");
    Client client = client(peer, 10);
    client.send("dropped");

    client.close(BYE);
    client.close(new CloseReason(CloseCodes.GOING_AWAY, "second"));
    client.send("after the close");
    lanes.open();

    client.gone().get(10, TimeUnit.SECONDS);
    assertThat(peer.frames()).isEmpty();
    assertThat(peer.closes()).containsExactly(BYE);
    assertThat(client.isClosed()).isTrue();
  }

  @Test
  void aFailedWriteClosesTheConnectionAbnormallyWithoutABarrier() throws Exception {
    lanes = TestLanes.open(1);
    var peer = new RecordingSession("alice");
    peer.writesFail = true;
    Client client = client(peer, 10);

    client.send("lost");

    client.gone().get(10, TimeUnit.SECONDS);
    assertThat(peer.frames()).isEmpty();
    assertThat(peer.closes())
        .extracting(CloseReason::getCloseCode)
        .containsExactly(CloseCodes.CLOSED_ABNORMALLY);
  }

  @Test
  void aFailedCheckpointClosesTheConnectionWithoutWaitingForABarrier() throws Exception {
    lanes = TestLanes.closed(1);
    var peer = new RecordingSession("alice");
    Client client = client(peer, 10_000);
    peer.holding = true;
    numbered("f", 300).forEach(client::send);
    lanes.open();
    await(() -> peer.heldCount() == 1, "a checkpoint waits for its completion");
    int written = peer.frames().size();

    peer.completeHeld(new IOException("connection reset"));

    client.gone().get(10, TimeUnit.SECONDS);
    assertThat(peer.frames()).hasSize(written).doesNotContain(BARRIER);
    assertThat(peer.closes())
        .extracting(CloseReason::getCloseCode)
        .containsExactly(CloseCodes.CLOSED_ABNORMALLY);
  }

  @Test
  void aCheckpointTheContainerRefusesClosesTheConnectionWithoutABarrier() throws Exception {
    lanes = TestLanes.closed(1);
    var peer = new RecordingSession("alice");
    peer.asyncRefused = true;
    Client client = client(peer, 10_000);
    numbered("f", 300).forEach(client::send);
    lanes.open();

    client.gone().get(10, TimeUnit.SECONDS);
    assertThat(peer.frames()).hasSizeLessThan(256).doesNotContain(BARRIER);
    assertThat(peer.closes())
        .extracting(CloseReason::getCloseCode)
        .containsExactly(CloseCodes.CLOSED_ABNORMALLY);
  }

  @Test
  void aConnectionThePeerClosedAlreadyIsNotClosedAgainButCountsAsGone() throws Exception {
    lanes = TestLanes.open(1);
    var peer = new RecordingSession("alice");
    peer.open = false;
    Client client = client(peer, 10);

    client.close(BYE);

    client.gone().get(10, TimeUnit.SECONDS);
    assertThat(peer.closes()).isEmpty();
  }

  @Test
  void aCloseThatFailsStillCountsAsGone() throws Exception {
    lanes = TestLanes.open(1);
    var peer = new RecordingSession("alice");
    peer.closeFails = true;
    Client client = client(peer, 10);

    client.close(BYE);

    client.gone().get(10, TimeUnit.SECONDS);
    assertThat(peer.closes()).isEmpty();
  }

  @Test
  void aClientWatchesWhatLiesWithinTheNodesItAskedFor() {
    lanes = TestLanes.closed(1);
    var tree = new UserTree("root");
    tree.replace(Map.of("group", "root", "job", "group", "other", "root"));
    var client =
        new Client(
            new RecordingSession("alice").session,
            "alice",
            tree,
            10,
            lanes.lanes.assign(),
            BARRIER);

    assertThat(client.watches("job")).as("watching nothing yet").isFalse();
    client.watched.addAll(Set.of("group"));

    assertThat(client.watches("job")).isTrue();
    assertThat(client.watches("group")).isTrue();
    assertThat(client.watches("other")).isFalse();
    assertThat(client.watches("root")).isFalse();
  }
}
