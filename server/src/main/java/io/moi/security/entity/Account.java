package io.moi.security.entity;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** A user who can log in: name, password hash and roles. */
public record Account(String username, String passwordHash, Set<String> roles) {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");

  public Account {
    checkName(username);
    roles = Set.copyOf(new TreeSet<>(roles));
    for (String role : roles) {
      if (!Roles.ALL.contains(role)) {
        throw new IllegalArgumentException(
            "unknown role '" + role + "'; roles are " + new TreeSet<>(Roles.ALL));
      }
    }
  }

  public static String checkName(String username) {
    if (username == null || !NAME.matcher(username).matches()) {
      throw new IllegalArgumentException(
          "a username is 1 to 64 letters, digits, '.', '_', '@' or '-', starting with a letter or digit");
    }
    return username;
  }
}
