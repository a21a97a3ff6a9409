package io.moi.jobs.control;

import io.moi.cluster.control.Heartbeats;
import io.moi.cluster.control.WorkQueue;
import io.moi.redis.Redis;
import io.moi.tree.control.Nodes;
import io.moi.tree.entity.Dates;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * This server as one of the servers sharing a Redis. At start it settles its own leftovers and
 * starts a dispatcher per context; every fifth of {@code moi.node.timeout} it renews its heartbeat
 * (which expires after two thirds of the timeout) and looks for lost servers. When the application
 * stops it takes no more work, lets running jobs finish for {@code moi.shutdown.grace}, hands the
 * rest back and removes its heartbeat.
 */
@ApplicationScoped
public class ClusterNode {

  private static final Logger LOG = System.getLogger(ClusterNode.class.getName());
  private static final JsonProvider JSON = JsonProvider.provider();
  // How often due jobs move to their queues and cancel marks are looked for.
  static final long CONTROL_MILLIS = 250;
  private static final int MOVED_AT_ONCE = 500;

  @Inject NodeSettings settings;
  @Inject Contexts contexts;
  @Inject WorkQueue queue;
  @Inject Heartbeats heartbeats;
  @Inject Nodes nodes;
  @Inject JobRunner runner;
  @Inject Recovery recovery;
  @Inject Redis redis;

  @Resource ManagedThreadFactory threads;
  @Resource ManagedScheduledExecutorService scheduler;

  private final List<Dispatcher> dispatchers = new ArrayList<>();
  private ScheduledFuture<?> ticks;
  private ScheduledFuture<?> control;
  private volatile boolean controlFailing;
  private String started;
  private String host;
  private volatile boolean ownLeftoversSettled;
  private volatile boolean groupsReady;
  // Since when this server's heartbeats have reached Redis without a gap; -1 after a failure.
  private long unbrokenSince = -1;
  private long lastBeat = -1;

  void start(@Observes @Initialized(ApplicationScoped.class) Object event) {
    started = Dates.now();
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      host = "unknown";
    }
    tick();
    var parts = new Dispatcher.Parts(settings.nodeId(), queue, nodes, runner, redis);
    for (String context : contexts.names()) {
      try {
        var dispatcher =
            new Dispatcher(context, settings.slots(context), contexts.executor(context), parts);
        dispatchers.add(dispatcher);
        threads.newThread(dispatcher).start();
      } catch (RuntimeException e) {
        LOG.log(
            Level.ERROR, "This server runs no jobs of context {0}: {1}", context, e.getMessage());
      }
    }
    long period = Math.max(200, settings.timeout().toMillis() / 5);
    ticks = scheduler.scheduleWithFixedDelay(this::tick, period, period, TimeUnit.MILLISECONDS);
    control =
        scheduler.scheduleWithFixedDelay(
            this::controlTick, CONTROL_MILLIS, CONTROL_MILLIS, TimeUnit.MILLISECONDS);
    LOG.log(
        Level.INFO,
        "Server {0} takes jobs of contexts {1}; heartbeat every {2} ms",
        settings.nodeId(),
        contexts.names(),
        period);
  }

  /** The dispatchers' contexts and how busy each is, for the heartbeat. */
  List<Dispatcher> dispatchers() {
    return List.copyOf(dispatchers);
  }

  // One beat: renew the heartbeat, then, once this server may judge, recover lost servers.
  private synchronized void tick() {
    try {
      if (!groupsReady) {
        contexts.names().forEach(queue::ensureGroup);
        groupsReady = true;
      }
      heartbeats.beat(settings.nodeId(), heartbeat(), settings.timeout().toMillis() * 2 / 3);
      long now = System.nanoTime();
      long period = settings.timeout().toNanos() / 5;
      if (unbrokenSince < 0 || now - lastBeat > 2 * period + settings.timeout().toNanos() / 3) {
        unbrokenSince = now;
      }
      lastBeat = now;
      if (!ownLeftoversSettled) {
        ownLeftoversSettled = recovery.recoverOwnLeftovers();
      }
      if (now - unbrokenSince >= settings.timeout().toNanos()) {
        recovery.recoverLostServers();
        recovery.settleOrphans();
      }
    } catch (RuntimeException e) {
      unbrokenSince = -1;
      LOG.log(
          Level.WARNING, "Heartbeat of server {0} failed: {1}", settings.nodeId(), e.toString());
    }
  }

  // Due jobs (a delayed start, a next attempt) enter their queues; this server's jobs that
  // someone cancelled, on any server, stop.
  private void controlTick() {
    try {
      while (queue.moveDue(Instant.now(), MOVED_AT_ONCE) == MOVED_AT_ONCE) {
        // more were due
      }
      runner.cancelMarked();
      controlFailing = false;
    } catch (RuntimeException e) {
      if (!controlFailing) {
        LOG.log(
            Level.WARNING, "Cannot move due jobs or look for cancelled ones: {0}", e.toString());
      }
      controlFailing = true;
    }
  }

  private String heartbeat() {
    JsonObjectBuilder contextsJson = JSON.createObjectBuilder();
    for (Dispatcher dispatcher : dispatchers) {
      contextsJson.add(
          dispatcher.context(),
          JSON.createObjectBuilder()
              .add("slots", dispatcher.slots())
              .add("busy", dispatcher.busy()));
    }
    var running = JSON.createArrayBuilder();
    runner.running().forEach(running::add);
    return JSON.createObjectBuilder()
        .add("id", settings.nodeId())
        .add("host", host)
        .add("started", started)
        .add("beat", Dates.now())
        .add("running", running)
        .add("contexts", contextsJson)
        .build()
        .toString();
  }

  void stop(@Observes @BeforeDestroyed(ApplicationScoped.class) Object event) {
    dispatchers.forEach(Dispatcher::stop);
    for (Dispatcher dispatcher : dispatchers) {
      try {
        dispatcher.awaitStopped(Dispatcher.BLOCK_MILLIS * 3);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    int unfinished = runner.unfinished();
    if (unfinished > 0) {
      LOG.log(
          Level.INFO,
          "Server {0} stopping: waiting up to {1} for {2} job(s)",
          settings.nodeId(),
          settings.grace(),
          unfinished);
    }
    runner.stop(settings.grace()); // heartbeats go on meanwhile: no one takes these jobs over
    if (control != null) {
      control.cancel(false);
    }
    if (ticks != null) {
      ticks.cancel(false);
    }
    try {
      heartbeats.leave(settings.nodeId());
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING,
          "Cannot remove the heartbeat of server {0}: {1}",
          settings.nodeId(),
          e.toString());
    }
  }
}
