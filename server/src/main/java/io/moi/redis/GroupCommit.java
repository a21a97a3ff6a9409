package io.moi.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import redis.clients.jedis.Connection;

/**
 * Sends the MULTI/EXEC blocks that many threads write at the same time together: one write and one
 * read for all of them, each block still its own transaction, applied whole or not at all with its
 * notification (protocol section 2). A thread that finds no other sending sends its own block and
 * whatever others queued meanwhile; the others wait for their block's answer. Alone, a block costs
 * what it did before: one round trip, on the caller's thread. Under load, Redis and the server pay
 * for one round trip (two system calls each side, a pooled connection) per batch instead of per
 * block.
 */
final class GroupCommit {

  /** The most blocks one round trip carries. */
  static final int MAX_BATCH = 64;

  private final Redis redis;
  private final Queue<Queued> queued = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean sending = new AtomicBoolean();
  private final AtomicLong roundTrips = new AtomicLong();

  GroupCommit(Redis redis) {
    this.redis = redis;
  }

  /**
   * Applies the block, in a batch with others if any wait; throws what the block's own send would.
   */
  void apply(AtomicWrite write) {
    var mine = new Queued(write);
    queued.add(mine);
    // Whoever sends drains the queue, and looks again once it has stopped sending: a block queued
    // while it sent is then taken by it, or by the block's own thread, never left behind.
    while (sending.compareAndSet(false, true)) {
      try {
        sendQueued();
      } finally {
        sending.set(false);
      }
      if (queued.isEmpty()) {
        break;
      }
    }
    try {
      mine.answer.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      throw e;
    }
  }

  private void sendQueued() {
    List<Queued> batch = new ArrayList<>();
    for (Queued next; (next = queued.poll()) != null; ) {
      batch.add(next);
      if (batch.size() == MAX_BATCH) {
        send(batch);
        batch = new ArrayList<>();
      }
    }
    if (!batch.isEmpty()) {
      send(batch);
    }
  }

  /** How many round trips the blocks took so far. */
  long roundTrips() {
    return roundTrips.get();
  }

  private void send(List<Queued> batch) {
    roundTrips.incrementAndGet();
    List<List<Object>> replies;
    try {
      replies = redis.withConnection(connection -> sendAndRead(connection, batch));
    } catch (RuntimeException | Error e) {
      batch.forEach(block -> block.answer.completeExceptionally(e));
      if (e instanceof Error error) {
        throw error;
      }
      return;
    }
    for (int i = 0; i < batch.size(); i++) {
      Queued block = batch.get(i);
      try {
        block.write.checkReplies(replies.get(i));
        block.answer.complete(null);
      } catch (RuntimeException e) {
        block.answer.completeExceptionally(e);
      }
    }
  }

  private static List<List<Object>> sendAndRead(Connection connection, List<Queued> batch) {
    int[] counts = new int[batch.size()];
    int total = 0;
    for (int i = 0; i < batch.size(); i++) {
      counts[i] = batch.get(i).write.sendBlock(connection);
      total += counts[i];
    }
    List<Object> all = connection.getMany(total);
    List<List<Object>> each = new ArrayList<>(batch.size());
    int from = 0;
    for (int count : counts) {
      each.add(all.subList(from, from + count));
      from += count;
    }
    return each;
  }

  private static final class Queued {
    final AtomicWrite write;
    final CompletableFuture<Void> answer = new CompletableFuture<>();

    Queued(AtomicWrite write) {
      this.write = write;
    }
  }
}
