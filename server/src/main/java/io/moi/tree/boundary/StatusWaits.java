package io.moi.tree.boundary;

import io.moi.changes.control.ChangeWaits;
import io.moi.tree.control.Nodes;
import io.moi.tree.entity.Info;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.AsyncResponse;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Long polls on a node ({@code GET /api/info/{id}?after=} or {@code ?until=ended}): parked on the
 * node's changes, answered once the node is as asked (its status differs from {@code after}, the
 * job has ended), it is gone, or time is up.
 */
@ApplicationScoped
public class StatusWaits {

  @Inject ChangeWaits changes;
  @Inject Nodes nodes;

  void await(String id, Predicate<Info> answered, int seconds, AsyncResponse response) {
    changes.await(
        id,
        seconds,
        response,
        timedOut -> {
          Optional<Info> info = nodes.find(id);
          if (info.isEmpty()) {
            response.resume(InfoResource.missing(id));
          } else if (timedOut || answered.test(info.get())) {
            response.resume(InfoResource.json(info.get()));
          }
        });
  }
}
