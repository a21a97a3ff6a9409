package io.moi.security.boundary;

import io.moi.security.entity.Caller;
import io.moi.security.entity.Roles;
import jakarta.servlet.ServletRequest;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.core.SecurityContext;
import java.util.Set;
import java.util.stream.Collectors;

/** The caller of a REST request, as the container authenticated them. */
public final class Callers {

  /**
   * The request attribute where the authentication mechanism leaves the {@link Caller} it signed
   * in, for {@link KnownRoles}. Clients cannot set request attributes.
   */
  static final String ATTRIBUTE = Caller.class.getName();

  private Callers() {}

  /**
   * Leaves the caller the mechanism signed in on the request: their name and, of their groups, the
   * roles moi knows (each role is the group of the same name).
   */
  static void remember(ServletRequest request, String name, Set<String> groups) {
    request.setAttribute(
        ATTRIBUTE,
        new Caller(name, groups.stream().filter(Roles.ALL::contains).collect(Collectors.toSet())));
  }

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
