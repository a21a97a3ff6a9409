package io.moi.security.boundary;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebListener;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;

/** Forgets a session once it ends (log out, time out, invalidated), so nothing holds it. */
@WebListener
public class SessionEnds implements HttpSessionListener {

  @Inject SignedInSessions sessions;

  @Override
  public void sessionDestroyed(HttpSessionEvent event) {
    if (event.getSession().getAttribute(SignedInSessions.USER) instanceof String user) {
      sessions.ended(user, event.getSession());
    }
  }
}
