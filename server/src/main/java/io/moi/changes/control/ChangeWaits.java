package io.moi.changes.control;

import io.moi.changes.entity.Notification;
import io.moi.changes.entity.RelayConnected;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.CompletionCallback;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Long polls: requests parked until the node they watch changes. A wait is registered before its
 * first look, so a change that lands in between is never missed; then every message on the node's
 * channel, every (re)connection of the relay (messages may have been lost) and the time limit make
 * it look again. What a look reads, and when it answers, is the caller's.
 */
@ApplicationScoped
public class ChangeWaits {

  /** One look at the watched node: resumes the response when the answer is ready. */
  @FunctionalInterface
  public interface Look {
    void look(boolean timedOut);
  }

  private final Map<String, List<Look>> waits = new ConcurrentHashMap<>();

  /** Parks {@code response} on node {@code id} for at most {@code seconds}, and looks once now. */
  public void await(String id, int seconds, AsyncResponse response, Look look) {
    waits.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(look);
    response.register((CompletionCallback) error -> forget(id, look));
    response.setTimeout(seconds, TimeUnit.SECONDS);
    response.setTimeoutHandler(r -> look.look(true));
    look.look(false);
  }

  public void onNotification(@Observes Notification notification) {
    List<Look> pending = waits.get(notification.nodeId());
    if (pending != null) {
      pending.forEach(look -> look.look(false));
    }
  }

  public void onReconnect(@Observes RelayConnected connected) {
    waits.values().forEach(pending -> pending.forEach(look -> look.look(false)));
  }

  private void forget(String id, Look look) {
    waits.computeIfPresent(
        id,
        (k, list) -> {
          list.remove(look);
          return list.isEmpty() ? null : list;
        });
  }
}
