package io.moi.security.boundary;

import io.moi.security.entity.Caller;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.ext.Provider;
import java.security.Principal;

/**
 * Answers a REST request's role questions from the roles {@link MoiAuthentication} established for
 * it, instead of asking the container: a container's {@code isUserInRole} runs its authorization
 * machinery on each call (a permission check per role), which cost more CPU than the rest of a
 * small request. The name and the rest still come from the container; a request the mechanism did
 * not see keeps the container's answers.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION)
public class KnownRoles implements ContainerRequestFilter {

  @Override
  public void filter(ContainerRequestContext request) {
    if (request.getProperty(Callers.ATTRIBUTE) instanceof Caller caller) {
      SecurityContext container = request.getSecurityContext();
      Principal principal = container.getUserPrincipal();
      if (principal != null && principal.getName().equals(caller.name())) {
        request.setSecurityContext(new Known(container, principal, caller));
      }
    }
  }

  /** The container's security context with the roles it already knows. */
  private record Known(SecurityContext container, Principal principal, Caller caller)
      implements SecurityContext {

    @Override
    public Principal getUserPrincipal() {
      return principal;
    }

    @Override
    public boolean isUserInRole(String role) {
      return caller.roles().contains(role);
    }

    @Override
    public boolean isSecure() {
      return container.isSecure();
    }

    @Override
    public String getAuthenticationScheme() {
      return container.getAuthenticationScheme();
    }
  }
}
