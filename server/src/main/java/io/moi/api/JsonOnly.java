package io.moi.api;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import java.util.Set;

/**
 * A body sent to the API must say it is JSON. JAX-RS would take a body with no Content-Type at all
 * for any type, and a browser sends exactly that, without asking the server first, for a body
 * another site's page posts; with this rule such a body is refused before any resource reads it.
 */
@Provider
public class JsonOnly implements ContainerRequestFilter {

  private static final Set<String> WITH_BODY =
      Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH);

  @Override
  public void filter(ContainerRequestContext request) {
    if (!WITH_BODY.contains(request.getMethod())) {
      return;
    }
    MediaType type = request.getMediaType();
    if (type == null
        || !type.getType().equalsIgnoreCase("application")
        || !type.getSubtype().equalsIgnoreCase("json")) {
      request.abortWith(
          ApiError.of(
              415,
              "send a JSON body with Content-Type: application/json (this request said "
                  + (type == null
                      ? "no Content-Type"
                      : "'" + type.getType() + "/" + type.getSubtype() + "'")
                  + ")"));
    }
  }
}
