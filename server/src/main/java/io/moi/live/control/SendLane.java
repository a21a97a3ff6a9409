package io.moi.live.control;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.BiConsumer;

/**
 * One writing thread and the connections that have frames waiting for it. It knows nothing of what
 * a connection writes: each takes its {@link Turn} when its time comes.
 */
public final class SendLane implements Runnable {

  /** What a connection does with its turn on the lane. */
  @FunctionalInterface
  public interface Turn {
    void take(SendLane lane);
  }

  private static final Logger LOG = System.getLogger(SendLane.class.getName());

  private final BlockingQueue<Turn> ready = new LinkedBlockingQueue<>();
  private final BiConsumer<Runnable, Integer> timer;
  private volatile boolean running = true;

  /** {@code timer} runs a task after so many seconds, off the lane. */
  SendLane(BiConsumer<Runnable, Integer> timer) {
    this.timer = timer;
  }

  void schedule(Turn turn) {
    ready.add(turn);
  }

  /** Runs a rare task (closing a stalled connection) after a delay, off the lane. */
  void later(Runnable task, int seconds) {
    timer.accept(task, seconds);
  }

  void stop() {
    running = false;
  }

  @Override
  public void run() {
    while (running) {
      try {
        ready.take().take(this);
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "A websocket send failed unexpectedly", e);
      }
    }
  }
}
