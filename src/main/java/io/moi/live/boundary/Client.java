package io.moi.live.boundary;

import io.moi.live.boundary.SendLanes.Lane;
import io.moi.live.control.UserTree;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.io.Writer;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One websocket connection: its user's tree, what it asked to watch, and a bounded queue of
 * frames that its send lane writes in order. A client that falls too far behind is closed
 * instead of holding memory or anyone else up; it gets a fresh snapshot when it reconnects.
 */
final class Client {

  private static final Logger LOG = System.getLogger(Client.class.getName());
  /** Every CHECKPOINT-th frame waits for its completion before the next one is written. */
  private static final int CHECKPOINT = 256;
  /** How long a client that fell behind gets to take what the container holds for it. */
  private static final int STALLED_SECONDS = 30;
  /** Frames written in one turn before the lane moves on to other connections. */
  private static final int TURN = 64;

  final Session session;
  final String user;
  final UserTree tree;
  final Set<String> watched = ConcurrentHashMap.newKeySet();

  private final int limit;
  private final Lane lane;
  private final Queue<String> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queued = new AtomicInteger();
  // Set while the connection is in its lane's ready queue, being drained, or waiting for a
  // checkpoint: then a new frame needs no scheduling of its own.
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private volatile boolean closed;
  private final AtomicBoolean shut = new AtomicBoolean();
  private boolean checkpointPending; // guarded by this
  private CloseReason deferredClose; // guarded by this
  private int sinceCheckpoint; // touched only by the lane thread

  Client(Session session, String user, UserTree tree, int limit, Lane lane) {
    this.session = session;
    this.user = user;
    this.tree = tree;
    this.limit = limit;
    this.lane = lane;
    // Each checkpoint schedules the container's idle timer, which is costly: connections that
    // receive the same frames must not all reach theirs on the same frame.
    this.sinceCheckpoint = ThreadLocalRandom.current().nextInt(CHECKPOINT);
  }

  boolean watches(String id) {
    return !watched.isEmpty() && tree.isWithin(id, watched);
  }

  /** Queues a frame; never blocks. */
  void send(String frame) {
    if (closed) {
      return;
    }
    if (queued.incrementAndGet() > limit) {
      fellBehind();
      return;
    }
    queue.add(frame);
    if (scheduled.compareAndSet(false, true)) {
      lane.schedule(this);
    }
  }

  // On the lane thread. Frames go out through the send writer, which hands them to the
  // container in order without the idle timer that every RemoteEndpoint send reschedules
  // (through the managed executor, whose context capture costs more than the send itself).
  // Every CHECKPOINT-th frame goes out with a completion handler instead, and nothing more is
  // written until it fires: everything before it has then left Tyrus, so what moi holds for a
  // slow client is bounded by the queue limit.
  void drain(Lane from) {
    try {
      for (int turn = 0; turn < TURN; turn++) {
        if (closed) {
          return;
        }
        String next = queue.poll();
        if (next == null) {
          scheduled.set(false);
          // A frame queued between the poll and the reset found the flag still set.
          if (!queue.isEmpty() && scheduled.compareAndSet(false, true)) {
            from.schedule(this);
          }
          return;
        }
        if (++sinceCheckpoint < CHECKPOINT) {
          try (Writer writer = session.getBasicRemote().getSendWriter()) {
            writer.write(next);
          }
          queued.decrementAndGet();
          continue;
        }
        sinceCheckpoint = 0;
        synchronized (this) {
          checkpointPending = true;
        }
        session.getAsyncRemote().sendText(next, result -> {
          queued.decrementAndGet();
          CloseReason deferred;
          synchronized (this) {
            checkpointPending = false;
            deferred = deferredClose;
          }
          if (deferred != null) {
            shut(deferred);
          } else if (result.isOK()) {
            from.schedule(this);
          } else {
            LOG.log(Level.DEBUG, "Send to {0} failed: {1}", user, result.getException());
            close(new CloseReason(CloseReason.CloseCodes.CLOSED_ABNORMALLY, "send failed"));
          }
        });
        return;
      }
      from.schedule(this); // more to write: after the other connections of this lane
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.DEBUG, "Send to {0} failed: {1}", user, e);
      close(new CloseReason(CloseReason.CloseCodes.CLOSED_ABNORMALLY, "send failed"));
    }
  }

  /**
   * Nothing more is queued for a client that fell too far behind. The frames the container
   * already holds for it go out first and the close frame after them, so a client that is
   * reading, only slowly, learns why; one that reads nothing at all is cut off after a while.
   */
  private void fellBehind() {
    var reason = new CloseReason(CloseReason.CloseCodes.TRY_AGAIN_LATER,
        "too far behind (" + limit + " frames queued); reconnect for a fresh snapshot");
    boolean now;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      queue.clear();
      now = !checkpointPending;
      if (!now) {
        deferredClose = reason;
      }
    }
    LOG.log(Level.INFO, "Closing a websocket of {0}: {1}", user, reason.getReasonPhrase());
    if (now) {
      shut(reason);
    } else {
      lane.later(() -> shut(reason), STALLED_SECONDS);
    }
  }

  void close(CloseReason reason) {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      queue.clear();
    }
    shut(reason);
  }

  private void shut(CloseReason reason) {
    if (!shut.compareAndSet(false, true)) {
      return;
    }
    try {
      if (session.isOpen()) {
        session.close(reason);
      }
    } catch (IOException | IllegalStateException e) {
      LOG.log(Level.DEBUG, "Closing the connection of {0}: {1}", user, e);
    }
  }

  boolean isClosed() {
    return closed;
  }
}
