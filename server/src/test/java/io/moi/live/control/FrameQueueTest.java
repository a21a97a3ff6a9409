package io.moi.live.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FrameQueueTest {

  @Test
  void framesLeaveInOrderAndAFullQueueRefusesTheNextOne() {
    var queue = new FrameQueue(2);
    assertThat(queue.offer("a".toCharArray())).isTrue();
    assertThat(queue.offer("b".toCharArray())).isTrue();
    assertThat(queue.offer("c".toCharArray())).as("past the limit").isFalse();

    assertThat(new String(queue.poll())).isEqualTo("a");
    assertThat(new String(queue.poll())).isEqualTo("b");
    assertThat(queue.poll()).isNull();
  }

  @Test
  void whatIsTakenMakesRoomAgain() {
    var queue = new FrameQueue(1);
    queue.offer("a".toCharArray());
    queue.poll();
    assertThat(queue.offer("b".toCharArray())).isTrue();
  }

  private static List<char[]> snapshot(int frames) {
    return IntStream.range(0, frames).mapToObj(i -> ("s" + i).toCharArray()).toList();
  }

  /** A snapshot in one part, as a small subtree comes; false when it is not admitted. */
  private static boolean offerSnapshot(FrameQueue queue, int frames) {
    if (!queue.admitsSnapshot(frames)) {
      return false;
    }
    queue.addSnapshotPart(snapshot(frames));
    return true;
  }

  @Test
  void aSnapshotLargerThanTheLimitIsTakenWholeAndInOrder() {
    var queue = new FrameQueue(2);
    assertThat(queue.offer("live".toCharArray())).isTrue();
    assertThat(offerSnapshot(queue, 10)).isTrue();

    assertThat(new String(queue.poll())).isEqualTo("live");
    for (int i = 0; i < 10; i++) {
      assertThat(new String(queue.poll())).isEqualTo("s" + i);
    }
    assertThat(queue.poll()).isNull();
  }

  @Test
  void besideASnapshotTheLimitStillBoundsTheOtherFrames() {
    var queue = new FrameQueue(2);
    offerSnapshot(queue, 10);
    assertThat(queue.offer("a".toCharArray())).isTrue();
    assertThat(queue.offer("b".toCharArray())).isTrue();
    assertThat(queue.offer("c".toCharArray())).as("two past the snapshot").isFalse();
  }

  @Test
  void onceTheSnapshotIsOutTheLimitIsBackToWhatItWas() {
    var queue = new FrameQueue(2);
    offerSnapshot(queue, 10);
    for (int i = 0; i < 10; i++) {
      queue.poll();
    }
    assertThat(queue.offer("a".toCharArray())).isTrue();
    assertThat(queue.offer("b".toCharArray())).isTrue();
    assertThat(queue.offer("c".toCharArray())).isFalse();
  }

  @Test
  void aSecondSnapshotWhileTheFirstIsStillWaitingIsRefused() {
    var queue = new FrameQueue(2);
    assertThat(offerSnapshot(queue, 10)).isTrue();
    assertThat(offerSnapshot(queue, 10)).isFalse();
    for (int i = 0; i < 9; i++) {
      queue.poll();
    }
    assertThat(offerSnapshot(queue, 10)).as("one frame of the first left").isTrue();
  }

  @Test
  void anAdmittedSnapshotComesInPartsWhileItsFirstFramesLeave() {
    var queue = new FrameQueue(2);
    assertThat(queue.admitsSnapshot(10)).isTrue();
    queue.addSnapshotPart(snapshot(5));
    for (int i = 0; i < 5; i++) {
      queue.poll();
    }
    queue.addSnapshotPart(snapshot(5));
    assertThat(queue.offer("a".toCharArray())).isTrue();
    assertThat(queue.offer("b".toCharArray())).isTrue();
    assertThat(queue.offer("c".toCharArray())).as("two past what is left of it").isFalse();
  }
}
