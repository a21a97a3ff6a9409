package io.moi.live.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The threads that write frames to websocket connections. Each connection is bound to one lane,
 * so its frames leave in order; the lanes write to different connections in parallel, and the
 * relay only queues frames, never waiting on a socket. The threads are long-lived managed
 * threads: handing every write to a managed executor would capture a context per frame.
 */
@ApplicationScoped
public class SendLanes {

  private static final Logger LOG = System.getLogger(SendLanes.class.getName());

  @Resource ManagedThreadFactory threads;
  @Resource ManagedScheduledExecutorService timer;

  @Inject
  @ConfigProperty(name = "moi.ws.send-threads")
  int configured;

  private final List<Lane> lanes = new ArrayList<>();
  private final AtomicInteger assigned = new AtomicInteger();

  @PostConstruct
  void start() {
    int count = configured > 0 ? configured : Runtime.getRuntime().availableProcessors();
    for (int i = 0; i < count; i++) {
      var lane = new Lane();
      Thread thread = threads.newThread(lane);
      thread.setName("moi-send-" + i);
      thread.setDaemon(true);
      lane.thread = thread;
      lanes.add(lane);
      thread.start();
    }
  }

  /** The lane for a new connection: round robin. */
  Lane assign() {
    return lanes.get(Math.floorMod(assigned.getAndIncrement(), lanes.size()));
  }

  private void later(Runnable task, int seconds) {
    timer.schedule(task, seconds, TimeUnit.SECONDS);
  }

  @PreDestroy
  void stop() {
    lanes.forEach(lane -> {
      lane.running = false;
      lane.thread.interrupt();
    });
  }

  /** One writing thread and the connections that have frames waiting for it. */
  final class Lane implements Runnable {

    private final BlockingQueue<Client> ready = new LinkedBlockingQueue<>();
    private volatile boolean running = true;
    private Thread thread;

    void schedule(Client client) {
      ready.add(client);
    }

    /** Runs a rare task (closing a stalled connection) after a delay, off the lane. */
    void later(Runnable task, int seconds) {
      SendLanes.this.later(task, seconds);
    }

    @Override
    public void run() {
      while (running) {
        try {
          ready.take().drain(this);
        } catch (InterruptedException e) {
          return;
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, "A websocket send failed unexpectedly", e);
        }
      }
    }
  }
}
