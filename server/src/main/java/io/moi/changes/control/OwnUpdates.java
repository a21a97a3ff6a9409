package io.moi.changes.control;

import io.moi.changes.entity.Messages;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code update} messages this server is publishing itself, counted per node. Its own listeners
 * have already had those updates straight from the write ({@code NodeUpdated}), so when the
 * messages come back through Redis they need not read the node again. A node is counted before its
 * write is sent, so its message can never come back uncounted.
 */
@ApplicationScoped
public class OwnUpdates {

  private final Map<String, Integer> pending = new ConcurrentHashMap<>();

  public void expect(String id) {
    pending.merge(id, 1, Integer::sum);
  }

  /**
   * The update is not to be passed over after all: its write failed (if Redis took it anyway, its
   * message only causes one more read), or no listener could place it yet. False when nothing was
   * left to cancel: the message has already come back and been passed over.
   */
  public boolean cancel(String id) {
    return isOwn(id);
  }

  /**
   * Whether a message on a node's channel is the one this server's own update of it published: true
   * once for each such update.
   */
  public boolean isEcho(String id, String message) {
    // Every relayed message passes here: build the expected text only for a counted node.
    return pending.containsKey(id) && message.equals(Messages.of("update", id)) && isOwn(id);
  }

  boolean isOwn(String id) {
    boolean[] own = {false};
    pending.computeIfPresent(
        id,
        (k, n) -> {
          own[0] = true;
          return n > 1 ? n - 1 : null;
        });
    return own[0];
  }

  /** Messages were lost (Redis went away): forget what was expected; everything is re-read. */
  public void forget() {
    pending.clear();
  }
}
