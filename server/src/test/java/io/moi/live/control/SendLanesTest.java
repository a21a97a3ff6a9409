package io.moi.live.control;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The threads that write frames: how many, which connection goes to which, and their end. */
class SendLanesTest {

  private TestLanes lanes;

  @AfterEach
  void stopLanes() throws InterruptedException {
    lanes.close();
  }

  @Test
  void eachConfiguredLaneIsANamedDaemonThread() {
    lanes = TestLanes.open(3);

    assertThat(lanes.threads())
        .extracting(Thread::getName)
        .containsExactly("moi-send-0", "moi-send-1", "moi-send-2");
    assertThat(lanes.threads()).allMatch(Thread::isDaemon);
    assertThat(lanes.threads()).allMatch(Thread::isAlive);
  }

  @Test
  void withNoCountConfiguredThereIsOneLanePerProcessor() {
    lanes = TestLanes.open(0);

    assertThat(lanes.threads()).hasSize(Runtime.getRuntime().availableProcessors());
  }

  @Test
  void newConnectionsAreAssignedToTheLanesInTurn() {
    lanes = TestLanes.open(2);

    var first = lanes.lanes.assign();
    var second = lanes.lanes.assign();

    assertThat(second).isNotSameAs(first);
    assertThat(lanes.lanes.assign()).isSameAs(first);
    assertThat(lanes.lanes.assign()).isSameAs(second);
  }

  @Test
  void stoppingEndsEveryLanesThreadEvenWhileItWaitsForWork() throws InterruptedException {
    lanes = TestLanes.open(2);
    var peer = new RecordingSession("alice");
    new Client(
            peer.session,
            "alice",
            new io.moi.live.control.UserTree("root"),
            10,
            lanes.lanes.assign(),
            "b")
        .send("written");
    RecordingSession.await(() -> peer.frames().size() == 1, "the frame written");

    lanes.lanes.stop();

    for (Thread thread : lanes.threads()) {
      thread.join(10_000);
      assertThat(thread.isAlive()).as(thread.getName()).isFalse();
    }
  }
}
