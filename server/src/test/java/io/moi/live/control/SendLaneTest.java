package io.moi.live.control;

import static io.moi.live.control.RecordingSession.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** One lane: turns taken in the order they were scheduled, on the lane's own thread. */
class SendLaneTest {

  @Test
  void turnsAreTakenInOrderAndAFailingOneDoesNotStopTheLane() throws Exception {
    List<String> taken = new CopyOnWriteArrayList<>();
    var lane = new SendLane((task, seconds) -> task.run());
    var thread = new Thread(lane, "test-lane");
    thread.start();
    try {
      lane.schedule(l -> taken.add("first"));
      lane.schedule(
          l -> {
            throw new IllegalStateException("a send failed");
          });
      lane.schedule(l -> taken.add(l == lane ? "second, on its lane" : "elsewhere"));

      await(() -> taken.size() == 2, "both good turns taken");
      assertThat(taken).containsExactly("first", "second, on its lane");
    } finally {
      lane.stop();
      thread.interrupt();
      thread.join(5_000);
    }
    assertThat(thread.isAlive()).as("stopped").isFalse();
  }

  @Test
  void aDelayedTaskGoesToTheTimer() {
    List<Integer> delays = new CopyOnWriteArrayList<>();
    var lane = new SendLane((task, seconds) -> delays.add(seconds));

    lane.later(() -> {}, 30);

    assertThat(delays).containsExactly(30);
  }
}
