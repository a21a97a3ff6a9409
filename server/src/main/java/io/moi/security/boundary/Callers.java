package io.moi.security.boundary;

import io.moi.security.entity.Caller;
import io.moi.security.entity.Roles;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.core.SecurityContext;
import java.util.stream.Collectors;

/** The caller of a REST request, as the container authenticated them. */
public final class Callers {

  private Callers() {}

  public static Caller of(SecurityContext security) {
    var principal = security.getUserPrincipal();
    if (principal == null) {
      throw new NotAuthorizedException("log in first", "Basic realm=\"moi\"");
    }
    return new Caller(
        principal.getName(),
        Roles.ALL.stream().filter(security::isUserInRole).collect(Collectors.toSet()));
  }
}
