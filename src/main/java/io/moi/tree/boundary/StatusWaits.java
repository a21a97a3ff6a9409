package io.moi.tree.boundary;

import io.moi.live.entity.Notification;
import io.moi.live.entity.RelayConnected;
import io.moi.tree.control.Nodes;
import io.moi.tree.entity.Info;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.AsyncResponse;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Long polls on a node's status. A wait is registered before the status is read, so a change
 * that lands in between is never missed; the relay's notifications complete it.
 */
@ApplicationScoped
public class StatusWaits {

  private record Wait(String after, AsyncResponse response) {}

  @Inject Nodes nodes;

  private final Map<String, List<Wait>> waits = new ConcurrentHashMap<>();

  void await(String id, String after, int seconds, AsyncResponse response) {
    var wait = new Wait(after, response);
    waits.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(wait);
    response.register((jakarta.ws.rs.container.CompletionCallback) error -> forget(id, wait));
    response.setTimeout(seconds, TimeUnit.SECONDS);
    response.setTimeoutHandler(r -> resumeWith(id, List.of(wait), true));
    resumeWith(id, List.of(wait), false);
  }

  void onNotification(@Observes Notification notification) {
    List<Wait> pending = waits.get(notification.nodeId());
    if (pending != null && !pending.isEmpty()) {
      resumeWith(notification.nodeId(), pending, false);
    }
  }

  void onReconnect(@Observes RelayConnected connected) {
    waits.forEach((id, pending) -> resumeWith(id, pending, false));
  }

  // Reads the node once for all of its waits, however many there are.
  private void resumeWith(String id, List<Wait> pending, boolean timedOut) {
    Optional<Info> info = nodes.find(id);
    for (Wait wait : pending) {
      if (info.isEmpty()) {
        wait.response().resume(InfoResource.missing(id));
      } else if (timedOut || !Objects.equals(info.get().status(), wait.after())) {
        wait.response().resume(InfoResource.json(info.get()));
      }
    }
  }

  private void forget(String id, Wait wait) {
    waits.computeIfPresent(id, (k, list) -> {
      list.remove(wait);
      return list.isEmpty() ? null : list;
    });
  }
}
