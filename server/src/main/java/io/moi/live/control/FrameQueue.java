package io.moi.live.control;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The frames waiting for one connection, at most {@code limit} of them: a frame past the limit is
 * refused, and the connection that could not keep up is closed rather than holding memory. Any
 * thread may add; only the connection's lane takes.
 */
final class FrameQueue {

  private final int limit;
  private final Queue<char[]> frames = new ConcurrentLinkedQueue<>();
  private final AtomicInteger size = new AtomicInteger();

  FrameQueue(int limit) {
    this.limit = limit;
  }

  int limit() {
    return limit;
  }

  /** Adds a frame; false (and nothing added) when the queue is full. */
  boolean offer(char[] frame) {
    if (size.incrementAndGet() > limit) {
      return false;
    }
    frames.add(frame);
    return true;
  }

  /** The next frame, or null. */
  char[] poll() {
    char[] next = frames.poll();
    if (next != null) {
      size.decrementAndGet();
    }
    return next;
  }

  void clear() {
    frames.clear();
  }
}
