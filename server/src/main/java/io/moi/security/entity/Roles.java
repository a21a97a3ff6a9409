package io.moi.security.entity;

import java.util.Set;

/** The roles moi knows. */
public final class Roles {

  /** May use moi and see their own jobs. */
  public static final String USER = "moi-user";

  /** May submit code and shell commands. */
  public static final String EXEC = "moi-exec";

  /** Sees and acts on every user's jobs. */
  public static final String ADMIN = "moi-admin";

  public static final Set<String> ALL = Set.of(USER, EXEC, ADMIN);

  private Roles() {}
}
