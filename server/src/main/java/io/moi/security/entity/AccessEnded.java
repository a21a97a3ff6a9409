package io.moi.security.entity;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A user whose sign-ins stop counting: their account was removed, their role {@code moi-user} taken
 * away or their password changed. Whatever rides on an earlier sign-in (sessions, websockets) ends.
 */
public record AccessEnded(String username, Cause cause) {

  public enum Cause {
    REMOVED("account removed"),
    REVOKED("access revoked"),
    PASSWORD_CHANGED("password changed; sign in again");

    private final String reason;

    Cause(String reason) {
      this.reason = reason;
    }

    /** What the user is told, short enough for a websocket close frame. */
    public String reason() {
      return reason;
    }
  }

  /** Whose access ended between two versions of the account file. */
  public static List<AccessEnded> between(Map<String, Account> before, Map<String, Account> after) {
    var ended = new ArrayList<AccessEnded>();
    before.forEach(
        (name, was) -> {
          Account now = after.get(name);
          if (now == null) {
            ended.add(new AccessEnded(name, Cause.REMOVED));
          } else if (was.roles().contains(Roles.USER) && !now.roles().contains(Roles.USER)) {
            ended.add(new AccessEnded(name, Cause.REVOKED));
          } else if (!was.passwordHash().equals(now.passwordHash())) {
            ended.add(new AccessEnded(name, Cause.PASSWORD_CHANGED));
          }
        });
    return ended;
  }
}
