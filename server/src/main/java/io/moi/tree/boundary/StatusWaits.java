package io.moi.tree.boundary;

import io.moi.changes.control.ChangeWaits;
import io.moi.tree.control.Nodes;
import io.moi.tree.entity.Info;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.AsyncResponse;
import java.util.Objects;
import java.util.Optional;

/**
 * Long polls on a node's status ({@code GET /api/info/{id}?after=}): parked on the node's changes,
 * answered once its status differs from {@code after}, it is gone, or time is up.
 */
@ApplicationScoped
public class StatusWaits {

  @Inject ChangeWaits changes;
  @Inject Nodes nodes;

  void await(String id, String after, int seconds, AsyncResponse response) {
    changes.await(
        id,
        seconds,
        response,
        timedOut -> {
          Optional<Info> info = nodes.find(id);
          if (info.isEmpty()) {
            response.resume(InfoResource.missing(id));
          } else if (timedOut || !Objects.equals(info.get().status(), after)) {
            response.resume(InfoResource.json(info.get()));
          }
        });
  }
}
