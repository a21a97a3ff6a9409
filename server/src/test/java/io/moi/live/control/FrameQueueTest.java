package io.moi.live.control;

import static org.assertj.core.api.Assertions.assertThat;

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
}
