package io.moi.api;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.ext.Provider;

/**
 * Deployed only with {@code ApiIT}: answers {@code GET /api/probe/roles} with which security
 * context a request carries once the filters before resource matching have run (moi's own, from the
 * roles its authentication established, or the container's) and what it answers. A filter, not a
 * resource: a resource is handed a wrapper of the request's context.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION + 1)
public class RolesProbe implements ContainerRequestFilter {

  @Override
  public void filter(ContainerRequestContext request) {
    if (!request.getUriInfo().getPath().endsWith("probe/roles")) {
      return;
    }
    SecurityContext security = request.getSecurityContext();
    request.abortWith(
        Response.ok(
                "{\"answeredBy\": \""
                    + security.getClass().getName()
                    + "\", \"moi-user\": "
                    + security.isUserInRole("moi-user")
                    + ", \"moi-exec\": "
                    + security.isUserInRole("moi-exec")
                    + ", \"moi-admin\": "
                    + security.isUserInRole("moi-admin")
                    + "}",
                MediaType.APPLICATION_JSON)
            .build());
  }
}
