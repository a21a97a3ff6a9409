package io.moi.security.entity;

import java.util.Set;

/** The authenticated user of a request and their roles. */
public record Caller(String name, Set<String> roles) {

  public Caller {
    roles = Set.copyOf(roles);
  }

  public boolean isAdmin() {
    return roles.contains(Roles.ADMIN);
  }

  public boolean mayExecute() {
    return roles.contains(Roles.EXEC);
  }
}
