package io.moi.live.boundary;

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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One websocket connection: its user's tree, what it asked to watch, and a bounded queue of
 * frames sent one at a time, asynchronously. A client that falls too far behind is closed
 * instead of holding memory or anyone else up; it gets a fresh snapshot when it reconnects.
 */
final class Client {

  private static final Logger LOG = System.getLogger(Client.class.getName());

  final Session session;
  final String user;
  final UserTree tree;
  final Set<String> watched = ConcurrentHashMap.newKeySet();

  private final int limit;
  private final Queue<String> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queued = new AtomicInteger();
  private final AtomicBoolean sending = new AtomicBoolean();
  private volatile boolean closed;
  // Per connection: a send completing at once on this thread must not re-enter this pump.
  private static final int CHECKPOINT = 256;
  private int sinceCheckpoint; // touched only by the thread holding 'sending'
  private final ThreadLocal<Boolean> pumping = ThreadLocal.withInitial(() -> false);

  Client(Session session, String user, UserTree tree, int limit) {
    this.session = session;
    this.user = user;
    this.tree = tree;
    this.limit = limit;
  }

  boolean watches(String id) {
    return !watched.isEmpty() && tree.isWithin(id, watched);
  }

  void send(String frame) {
    if (closed) {
      return;
    }
    if (queued.incrementAndGet() > limit) {
      close(new CloseReason(CloseReason.CloseCodes.TRY_AGAIN_LATER,
          "too far behind (" + limit + " frames queued); reconnect for a fresh snapshot"));
      return;
    }
    queue.add(frame);
    pump();
  }

  // Frames go out through the send writer, which queues them in order without the idle
  // timer that every RemoteEndpoint send reschedules (through the managed executor, whose
  // context capture costs more than the send itself). Every CHECKPOINT-th frame goes out with
  // a completion handler instead: when it fires, everything before it has left Tyrus, so the
  // backlog moi holds for a client stays bounded. (The container's own write buffer below
  // Tyrus is not bounded by this.) A send completing at once on this thread calls back here:
  // the loop carries on instead of recursing.
  private void pump() {
    if (pumping.get()) {
      return;
    }
    pumping.set(true);
    try {
      while (!closed && sending.compareAndSet(false, true)) {
        String next = queue.poll();
        if (next == null) {
          sending.set(false);
          if (queue.isEmpty()) {
            return;
          }
          continue;
        }
        if (++sinceCheckpoint < CHECKPOINT) {
          try (Writer writer = session.getBasicRemote().getSendWriter()) {
            writer.write(next);
          }
          queued.decrementAndGet();
          sending.set(false);
          continue;
        }
        sinceCheckpoint = 0;
        session.getAsyncRemote().sendText(next, result -> {
          queued.decrementAndGet();
          sending.set(false);
          if (!result.isOK()) {
            LOG.log(Level.DEBUG, "Send to {0} failed: {1}", user, result.getException());
            close(new CloseReason(CloseReason.CloseCodes.CLOSED_ABNORMALLY, "send failed"));
            return;
          }
          pump();
        });
      }
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.DEBUG, "Send to {0} failed: {1}", user, e);
      close(new CloseReason(CloseReason.CloseCodes.CLOSED_ABNORMALLY, "send failed"));
    } finally {
      pumping.set(false);
    }
  }

  void close(CloseReason reason) {
    if (closed) {
      return;
    }
    closed = true;
    queue.clear();
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
