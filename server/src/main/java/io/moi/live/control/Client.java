package io.moi.live.control;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.io.Writer;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One websocket connection: its user's tree, what it asked to watch, and a bounded queue of frames
 * that its send lane writes in order. A client that falls too far behind is closed instead of
 * holding memory or anyone else up; it gets a fresh snapshot when it reconnects.
 *
 * <p>Only the lane touches the connection. Other threads queue frames or ask for the close, and
 * completion handlers, which the container runs under its own locks, only hand the connection back
 * to the lane: no lock of the container is ever taken in another order.
 */
public final class Client implements SendLane.Turn {

  private static final Logger LOG = System.getLogger(Client.class.getName());

  /** Every CHECKPOINT-th frame waits for its completion before the next one is written. */
  private static final int CHECKPOINT = 256;

  /** How long a client that is being closed gets to take what the container holds for it. */
  private static final int STALLED_SECONDS = 30;

  /** Frames written in one turn before the lane moves on to other connections. */
  private static final int TURN = 64;

  final Session session;
  final String user;
  final UserTree tree;
  final Set<String> watched = ConcurrentHashMap.newKeySet();

  private final SendLane lane;

  /** A frame every client may receive at any time: sent ahead of the close frame. */
  private final String barrier;

  private final FrameQueue queue;
  // Set while the connection waits in its lane's ready queue (cleared as its turn begins, kept
  // while a checkpoint is pending): then a new frame needs no scheduling of its own.
  private final AtomicBoolean scheduled = new AtomicBoolean();

  /** Set once: why the connection is being closed. */
  private volatile CloseReason closing;

  private final AtomicBoolean shut = new AtomicBoolean();

  /** Completed once the lane has closed the connection. */
  private final CompletableFuture<Void> gone = new CompletableFuture<>();

  private volatile boolean checkpointPending;
  private volatile boolean flushFirst;

  /** Set when a send failed: the connection is closed without waiting for anything. */
  private volatile boolean broken;

  private int sinceCheckpoint; // touched only by the lane thread

  public Client(
      Session session, String user, UserTree tree, int limit, SendLane lane, String barrier) {
    this.session = session;
    this.user = user;
    this.tree = tree;
    this.queue = new FrameQueue(limit);
    this.lane = lane;
    this.barrier = barrier;
    // Each checkpoint schedules the container's idle timer, which is costly: connections that
    // receive the same frames must not all reach theirs on the same frame.
    this.sinceCheckpoint = ThreadLocalRandom.current().nextInt(CHECKPOINT);
  }

  public String user() {
    return user;
  }

  public UserTree tree() {
    return tree;
  }

  /** The IDs this connection asked to watch (with their subtrees). */
  public Set<String> watched() {
    return watched;
  }

  public boolean watches(String id) {
    return !watched.isEmpty() && tree.isWithin(id, watched);
  }

  /** Queues a frame; never blocks. */
  public void send(String frame) {
    send(frame.toCharArray());
  }

  /**
   * Queues a frame held as characters; never blocks. A frame that goes to many connections is
   * turned into characters once and shared by all of them: the container's send writer takes them
   * without the copies a string costs it, and nothing changes them afterwards.
   */
  public void send(char[] frame) {
    if (closing != null) {
      return;
    }
    if (!queue.offer(frame)) {
      tooFarBehind();
      return;
    }
    schedule(lane);
  }

  /**
   * Announces a snapshot the client asked for (a subtree, one frame per node), to be queued in
   * parts with {@link #sendSnapshotPart}. It may go past the queue's limit, which bounds what piles
   * up beyond it; false when the client is closed, or closed now as too far behind.
   */
  public boolean startSnapshot(int frames) {
    if (closing != null) {
      return false;
    }
    if (!queue.admitsSnapshot(frames)) {
      tooFarBehind();
      return false;
    }
    return true;
  }

  /** Queues the next part of a snapshot that {@link #startSnapshot} admitted; never blocks. */
  public void sendSnapshotPart(List<char[]> frames) {
    if (closing != null || frames.isEmpty()) {
      return;
    }
    queue.addSnapshotPart(frames);
    schedule(lane);
  }

  private void tooFarBehind() {
    int limit = queue.limit();
    LOG.log(
        Level.INFO, "Closing a websocket of {0}: too far behind ({1} frames queued)", user, limit);
    close(
        new CloseReason(
            CloseReason.CloseCodes.TRY_AGAIN_LATER,
            "too far behind (" + limit + " frames queued); reconnect for a fresh snapshot"),
        true);
  }

  private void schedule(SendLane on) {
    if (scheduled.compareAndSet(false, true)) {
      on.schedule(this);
    }
  }

  /** Closes the connection from its lane; nothing more is queued. Never blocks. */
  public void close(CloseReason reason) {
    close(reason, false);
  }

  /**
   * With {@code flushFirst}, the close frame waits until the container holds nothing more for the
   * connection, so that a client that still reads learns why it was closed; a client that reads
   * nothing at all is cut off after a while.
   */
  private void close(CloseReason reason, boolean flushFirst) {
    synchronized (this) {
      if (closing != null) {
        return;
      }
      closing = reason;
      this.flushFirst = flushFirst;
    }
    queue.clear();
    lane.later(() -> shut(reason), STALLED_SECONDS);
    schedule(lane);
  }

  // On the lane thread. Frames go out through the send writer, which hands them to the
  // container in order without the idle timer that every RemoteEndpoint send reschedules
  // (through the managed executor, whose context capture costs more than the send itself).
  // Every CHECKPOINT-th frame goes out with a completion handler instead, and nothing more is
  // written until it fires: everything before it has then left the container's queue, so what
  // moi holds for a slow client is bounded by the queue limit.
  @Override
  public void take(SendLane from) {
    if (checkpointPending) {
      return; // still scheduled: the completion hands the connection back to the lane
    }
    scheduled.set(false); // a frame queued from here on schedules the connection again
    if (shut.get()) {
      return;
    }
    if (closing != null) {
      closeWhenFlushed(from);
      return;
    }
    try {
      for (int turn = 0; turn < TURN; turn++) {
        char[] next = queue.poll();
        if (next == null || closing != null) {
          return;
        }
        if (++sinceCheckpoint < CHECKPOINT) {
          try (Writer writer = session.getBasicRemote().getSendWriter()) {
            writer.write(next, 0, next.length);
          }
          continue;
        }
        sinceCheckpoint = 0;
        afterCompletion(from, new String(next));
        return;
      }
      schedule(from); // more to write: after the other connections of this lane
    } catch (IOException | RuntimeException e) {
      failed(e);
    }
  }

  /**
   * Sends a frame with a completion handler and writes nothing more until it fires. Returns whether
   * the container wrote it at once, within the call: its queue was empty then.
   */
  private boolean afterCompletion(SendLane from, String frame) {
    var calling = new AtomicBoolean(true);
    var atOnce = new AtomicBoolean();
    checkpointPending = true;
    Thread thread = Thread.currentThread();
    try {
      PlatformLoader.run(
          () ->
              session
                  .getAsyncRemote()
                  .sendText(
                      frame,
                      result -> {
                        if (!result.isOK()) {
                          broken = true;
                          failed(result.getException());
                        } else if (calling.get() && Thread.currentThread() == thread) {
                          atOnce.set(true);
                        }
                        checkpointPending = false;
                        from.schedule(this);
                      }));
    } catch (RuntimeException e) {
      checkpointPending = false;
      broken = true;
      failed(e);
    } finally {
      calling.set(false);
    }
    return atOnce.get();
  }

  private void failed(Throwable e) {
    LOG.log(Level.DEBUG, "Send to {0} failed: {1}", user, e);
    close(new CloseReason(CloseReason.CloseCodes.CLOSED_ABNORMALLY, "send failed"));
  }

  /**
   * The close frame would be lost if the container still held frames for the connection: it drops
   * what it holds when the connection closes. So a frame that any client may receive goes ahead of
   * it, and only one that the container writes at once, within the call, proves its queue empty;
   * one it has to queue comes back through the lane when the client has read that far, and the next
   * is tried. A client that reads nothing is cut off by the timer.
   */
  private void closeWhenFlushed(SendLane from) {
    if (broken || !flushFirst || afterCompletion(from, barrier)) {
      shut(closing);
    }
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
    } finally {
      gone.complete(null);
    }
  }

  /** Completes once the lane has closed the connection; never blocks the caller itself. */
  public CompletableFuture<Void> gone() {
    return gone;
  }

  public boolean isClosed() {
    return closing != null;
  }
}
