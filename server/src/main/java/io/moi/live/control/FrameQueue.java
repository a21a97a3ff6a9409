package io.moi.live.control;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The frames waiting for one connection, at most {@code limit} of them beyond the unsent part of
 * one snapshot: a frame past that is refused, and the connection that could not keep up is closed
 * rather than holding memory. A snapshot (the answer to a {@code get} or {@code add}: one frame per
 * node of a subtree, 10,000 for a tree of 10,000 jobs) is asked for by the client and comes all at
 * once, so it may go past the limit; a second one while the first is still unsent may not. Any
 * thread may add; only the connection's lane takes.
 */
final class FrameQueue {

  private final int limit;
  private final Queue<char[]> frames = new ConcurrentLinkedQueue<>();
  private final AtomicInteger size = new AtomicInteger();

  /** How far past the limit the queue may go: what is left of the latest snapshot. */
  private final AtomicInteger allowance = new AtomicInteger();

  FrameQueue(int limit) {
    this.limit = limit;
  }

  int limit() {
    return limit;
  }

  /** Adds a frame; false (and nothing added) when the queue is full. */
  boolean offer(char[] frame) {
    if (size.incrementAndGet() > limit + allowance.get()) {
      size.decrementAndGet();
      return false;
    }
    frames.add(frame);
    return true;
  }

  /**
   * Whether a snapshot of so many frames may come: not when the queue holds more than {@code limit}
   * other frames, or the frames of an earlier snapshot that would not fit beside it.
   */
  synchronized boolean admitsSnapshot(int count) {
    return size.get() + count <= limit + Math.max(allowance.get(), count);
  }

  /**
   * Adds the next part of an admitted snapshot, in order. Parts let the first frames go out while
   * the rest is still being read.
   */
  synchronized void addSnapshotPart(List<char[]> part) {
    size.addAndGet(part.size());
    allowance.addAndGet(part.size());
    frames.addAll(part);
  }

  /** The next frame, or null. */
  char[] poll() {
    char[] next = frames.poll();
    if (next != null) {
      size.decrementAndGet();
      if (allowance.get() > 0) {
        // Never more allowance than frames waiting: once the snapshot is out, the limit is back.
        // Locked, so that it never reads the size from before a snapshot it then cuts short.
        synchronized (this) {
          allowance.set(Math.min(allowance.get(), size.get()));
        }
      }
    }
    return next;
  }

  void clear() {
    frames.clear();
  }
}
