package io.moi.live.boundary;

import io.moi.live.control.Client;
import io.moi.live.control.ClientFrames;
import io.moi.live.control.Connections;
import io.moi.live.control.SendLanes;
import io.moi.live.control.Subtrees;
import io.moi.live.entity.Frames;
import io.moi.security.entity.AccessEnded;
import io.moi.tree.control.Nodes;
import io.moi.tree.control.Users;
import io.moi.tree.entity.Dates;
import io.moi.tree.entity.Info;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Where the websocket endpoint hands its events: a connection opens (joining its user's tree, read
 * once), sends frames, closes, or loses its user's access. What the frames and the relayed messages
 * do is in {@code live.control}.
 */
@ApplicationScoped
public class LiveHub {

  private static final Logger LOG = System.getLogger(LiveHub.class.getName());
  private static final int CLOSE_WAIT_SECONDS = 5;

  @Inject Nodes nodes;
  @Inject Users users;
  @Inject SendLanes lanes;
  @Inject Connections connections;
  @Inject Subtrees subtrees;
  @Inject ClientFrames frames;

  @Inject
  @ConfigProperty(name = "moi.ws.max-queue")
  int maxQueue;

  Client open(Session session, String user) {
    String root = users.rootGroup(user);
    // The root's own update: a frame any connection may get at any time, sent before a close.
    String barrier =
        Frames.of(
            "update",
            nodes.find(root).orElseGet(() -> Info.newGroup(root, user, null, Dates.now())));
    Client client =
        connections.join(
            session,
            root,
            tree -> new Client(session, user, tree, maxQueue, lanes.assign(), barrier));
    // The tree is read from Redis after it is registered, under its own lock: a message that
    // comes meanwhile waits for the read and is applied on top of it. Read before registering,
    // an add written after the read but relayed before the registration would be lost.
    try {
      client.tree().loadOnce(() -> subtrees.shape(root));
    } catch (RuntimeException e) {
      close(session);
      throw e;
    }
    return client;
  }

  void onFrame(Session session, String text) {
    Client client = connections.of(session);
    if (client != null) {
      frames.handle(client, text);
    }
  }

  void close(Session session) {
    connections.leave(session);
  }

  /**
   * A user whose account was removed, whose role was taken away or whose password changed: their
   * connections close at once, each from its own send lane, with nothing more sent before.
   *
   * <p>The container itself closes a websocket opened in an HTTP session when that session ends,
   * without saying why. The sessions end in an observer of a later priority, so this one waits
   * (briefly) for its own closes, which tell the user the reason.
   */
  void onAccessEnded(@Observes @Priority(Interceptor.Priority.APPLICATION) AccessEnded ended) {
    List<Client> theirs = endAccess(ended);
    try {
      CompletableFuture.allOf(theirs.stream().map(Client::gone).toArray(CompletableFuture[]::new))
          .get(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException | ExecutionException e) {
      LOG.log(
          Level.WARNING,
          "Live connections of {0} not closed within {1} s",
          ended.username(),
          CLOSE_WAIT_SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Asks the lanes to close every connection of the user; never blocks. */
  List<Client> endAccess(AccessEnded ended) {
    var reason = new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, ended.cause().reason());
    List<Client> theirs = connections.ofUser(ended.username());
    theirs.forEach(c -> c.close(reason));
    if (!theirs.isEmpty()) {
      LOG.log(
          Level.INFO,
          "Closing {0} live connection(s) of {1}: {2}",
          theirs.size(),
          ended.username(),
          ended.cause().reason());
    }
    return theirs;
  }
}
