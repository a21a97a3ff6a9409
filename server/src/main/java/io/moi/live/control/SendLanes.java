package io.moi.live.control;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The threads that write frames to websocket connections. Each connection is bound to one lane, so
 * its frames leave in order; the lanes write to different connections in parallel, and the relay
 * only queues frames, never waiting on a socket. The threads are long-lived managed threads:
 * handing every write to a managed executor would capture a context per frame.
 */
@ApplicationScoped
public class SendLanes {

  @Resource ManagedThreadFactory threads;
  @Resource ManagedScheduledExecutorService timer;

  @Inject
  @ConfigProperty(name = "moi.ws.send-threads")
  int configured;

  private final List<SendLane> lanes = new ArrayList<>();
  private final List<Thread> running = new ArrayList<>();
  private final AtomicInteger assigned = new AtomicInteger();

  @PostConstruct
  void start() {
    int count = configured > 0 ? configured : Runtime.getRuntime().availableProcessors();
    for (int i = 0; i < count; i++) {
      var lane = new SendLane((task, seconds) -> timer.schedule(task, seconds, TimeUnit.SECONDS));
      Thread thread = threads.newThread(lane);
      thread.setName("moi-send-" + i);
      thread.setDaemon(true);
      lanes.add(lane);
      running.add(thread);
      thread.start();
    }
  }

  /** The lane for a new connection: round robin. */
  public SendLane assign() {
    return lanes.get(Math.floorMod(assigned.getAndIncrement(), lanes.size()));
  }

  @PreDestroy
  void stop() {
    lanes.forEach(SendLane::stop);
    running.forEach(Thread::interrupt);
  }
}
