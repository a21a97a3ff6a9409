package io.moi.live.boundary;

import io.moi.live.control.PlatformLoader;
import io.moi.security.control.Accounts;
import io.moi.security.entity.AccessEnded;
import io.moi.security.entity.Roles;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * {@code /moi-ws/}: live frames for the logged-in user's tree (protocol section 5). The handshake
 * was authenticated and its Origin checked before the upgrade ({@link SocketGuard}).
 */
@ServerEndpoint("/moi-ws/")
public class MoiSocket {

  private static final Logger LOG = System.getLogger(MoiSocket.class.getName());

  @Inject LiveHub hub;
  @Inject Accounts accounts;

  @OnOpen
  public void open(Session session) throws IOException {
    var principal = session.getUserPrincipal();
    if (principal == null) {
      session.close(new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, "log in first"));
      return;
    }
    // No idle timeout: a dashboard may be quiet for hours, and with one set the container
    // reschedules a timer through the managed executor on every single send. Setting it
    // schedules that timer once more, without a scan of the application's libraries.
    PlatformLoader.run(() -> session.setMaxIdleTimeout(0));
    String user = principal.getName();
    try {
      hub.open(session, user);
      // The handshake was authenticated a moment ago: access that ended since then, before this
      // connection was there to be closed, ends it now.
      if (!accounts.roles(user).contains(Roles.USER)) {
        hub.endAccess(new AccessEnded(user, AccessEnded.Cause.REVOKED));
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Cannot open a live connection for {0}: {1}", user, e.getMessage());
      session.close(
          new CloseReason(CloseReason.CloseCodes.TRY_AGAIN_LATER, "the job store is unavailable"));
    }
  }

  @OnMessage(maxMessageSize = 65_536)
  public void message(Session session, String text) {
    try {
      hub.onFrame(session, text);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "A frame could not be handled: {0}", e.toString());
    }
  }

  @OnClose
  public void closed(Session session, CloseReason reason) {
    hub.close(session);
  }

  @OnError
  public void failed(Session session, Throwable error) {
    LOG.log(Level.DEBUG, "Websocket error: {0}", error.toString());
  }
}
