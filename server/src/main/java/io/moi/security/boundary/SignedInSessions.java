package io.moi.security.boundary;

import io.moi.security.control.Accounts;
import io.moi.security.entity.AccessEnded;
import io.moi.security.entity.Account;
import io.moi.security.entity.Roles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The browser sessions of each user, from the form login until they end, so that removing an
 * account, taking its role away or changing its password ends them at once: a session must not
 * outlive the sign-in it stands for.
 */
@ApplicationScoped
public class SignedInSessions {

  private static final Logger LOG = System.getLogger(SignedInSessions.class.getName());

  static final String USER = "moi.user";

  /** Which password the session was signed in with (a digest of its hash): a new one ends it. */
  static final String PASSWORD = "moi.password";

  @Inject Accounts accounts;

  private final Map<String, Set<HttpSession>> byUser = new ConcurrentHashMap<>();

  /** Starts the session of a form login, under a new ID (no session fixation). */
  void start(HttpServletRequest request, Account account) {
    request.getSession(true);
    request.changeSessionId();
    HttpSession session = request.getSession();
    session.setAttribute(USER, account.username());
    session.setAttribute(PASSWORD, passwordDigest(account));
    byUser.computeIfAbsent(account.username(), u -> ConcurrentHashMap.newKeySet()).add(session);
  }

  /**
   * The account a session was signed in with, while it still lets the session in: it exists, has
   * moi-user and the same password. The account is read afresh, so a change made with bin/moi-users
   * applies at once, even before {@link #end} has invalidated the sessions it ends (which is not
   * done here: during authentication the container's session listeners fail on the half-set-up
   * request).
   */
  Optional<Account> account(HttpSession session) {
    String user = attribute(session, USER);
    if (user == null) {
      return Optional.empty();
    }
    return accounts
        .account(user)
        .filter(
            a ->
                a.roles().contains(Roles.USER)
                    && passwordDigest(a).equals(attribute(session, PASSWORD)));
  }

  /** A session attribute; null when there is none or the session has just been ended. */
  private static String attribute(HttpSession session, String name) {
    try {
      return session == null ? null : (String) session.getAttribute(name);
    } catch (IllegalStateException ended) {
      return null; // ended by another thread (an account change) since this request found it
    }
  }

  private static String passwordDigest(Account account) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(account.passwordHash().getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  void ended(String user, HttpSession session) {
    byUser.computeIfPresent(
        user,
        (u, sessions) -> {
          sessions.remove(session);
          return sessions.isEmpty() ? null : sessions;
        });
  }

  void end(@Observes AccessEnded access) {
    Set<HttpSession> sessions = byUser.remove(access.username());
    if (sessions == null) {
      return;
    }
    for (HttpSession session : List.copyOf(sessions)) {
      try {
        session.invalidate();
      } catch (IllegalStateException alreadyEnded) {
        LOG.log(Level.DEBUG, "A session of {0} had already ended", access.username());
      }
    }
    LOG.log(
        Level.INFO,
        "Ended {0} session(s) of {1}: {2}",
        sessions.size(),
        access.username(),
        access.cause().reason());
  }
}
