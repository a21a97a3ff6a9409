package io.moi.live.control;

import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@link SendLanes} as the container would start them, on plain threads: the lanes wait at a gate
 * until the test opens it (so that frames can be queued before any is written), and the delayed
 * tasks they schedule are kept for the test to run instead of a timer's.
 */
public final class TestLanes implements AutoCloseable {

  /** A task a lane asked to run later, and after how long. */
  public record Delayed(Runnable task, long delay, TimeUnit unit) {}

  public final SendLanes lanes = new SendLanes();
  public final List<Delayed> delayed = new CopyOnWriteArrayList<>();
  private final List<Thread> threads = new CopyOnWriteArrayList<>();
  private final CountDownLatch gate = new CountDownLatch(1);

  /** {@code count} lanes, waiting at the gate. */
  public static TestLanes closed(int count) {
    var made = new TestLanes();
    made.lanes.configured = count;
    made.lanes.threads =
        (ManagedThreadFactory)
            Proxy.newProxyInstance(
                TestLanes.class.getClassLoader(),
                new Class<?>[] {ManagedThreadFactory.class},
                (proxy, method, args) ->
                    switch (method.getName()) {
                      case "newThread" -> made.thread((Runnable) args[0]);
                      case "hashCode" -> System.identityHashCode(proxy);
                      case "equals" -> proxy == args[0];
                      default -> throw new UnsupportedOperationException(method.getName());
                    });
    made.lanes.timer =
        (ManagedScheduledExecutorService)
            Proxy.newProxyInstance(
                TestLanes.class.getClassLoader(),
                new Class<?>[] {ManagedScheduledExecutorService.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("schedule") && args[0] instanceof Runnable task) {
                    made.delayed.add(new Delayed(task, (Long) args[1], (TimeUnit) args[2]));
                    return null;
                  }
                  throw new UnsupportedOperationException(method.getName());
                });
    made.lanes.start();
    return made;
  }

  /** {@code count} lanes, writing at once. */
  public static TestLanes open(int count) {
    var made = closed(count);
    made.open();
    return made;
  }

  private Thread thread(Runnable lane) {
    var thread =
        new Thread(
            () -> {
              try {
                gate.await();
              } catch (InterruptedException stopped) {
                return;
              }
              lane.run();
            });
    threads.add(thread);
    return thread;
  }

  /** Lets the lanes write. */
  public void open() {
    gate.countDown();
  }

  /** The threads the lanes were given, in the order they were made. */
  public List<Thread> threads() {
    return List.copyOf(threads);
  }

  /** Stops the lanes and waits for their threads to end. */
  @Override
  public void close() throws InterruptedException {
    lanes.stop();
    for (Thread thread : threads) {
      thread.join(TimeUnit.SECONDS.toMillis(10));
      if (thread.isAlive()) {
        throw new AssertionError(thread.getName() + " did not stop");
      }
    }
  }
}
