package io.moi.tree.boundary;

import io.moi.tree.entity.Info;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** The answer to a request that created a node (a group, a job, a rerun). */
public final class Created {

  private Created() {}

  /** 201 with {@code Location: api/info/<id>} and the node's info object. */
  public static Response node(UriInfo uri, Info info) {
    return Response.created(uri.getBaseUriBuilder().path("info").path(info.id()).build())
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(info.toJson())
        .build();
  }
}
