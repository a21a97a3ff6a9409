package io.moi.security.boundary;

import io.moi.security.entity.AccessEnded;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.servlet.http.HttpSession;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;
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

  private final Map<String, Set<HttpSession>> byUser = new ConcurrentHashMap<>();

  void signedIn(String user, HttpSession session) {
    byUser.computeIfAbsent(user, u -> ConcurrentHashMap.newKeySet()).add(session);
  }

  void ended(String user, HttpSession session) {
    byUser.computeIfPresent(user, (u, sessions) -> {
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
    LOG.log(Level.INFO, "Ended {0} session(s) of {1}: {2}", sessions.size(), access.username(),
        access.cause().reason());
  }
}
