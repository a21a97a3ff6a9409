package io.moi.live.boundary;

import io.moi.changes.entity.Messages;
import io.moi.live.control.UserTree;
import io.moi.live.entity.Frames;
import io.moi.changes.entity.Notification;
import io.moi.changes.entity.RelayConnected;
import io.moi.security.entity.AccessEnded;
import io.moi.tree.control.Nodes;
import io.moi.changes.control.OwnUpdates;
import io.moi.tree.control.TreeWalker;
import io.moi.tree.control.Users;
import io.moi.tree.entity.Dates;
import io.moi.tree.entity.Info;
import io.moi.tree.entity.NodeUpdated;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The live side: every open connection, grouped by the user tree it follows. It turns client
 * frames and relay notifications into frames for the connections that watch the nodes
 * concerned, reading each node once per message however many connections receive it. Work on
 * one tree is serialised, so a snapshot is never sent after a newer update.
 */
@ApplicationScoped
public class LiveHub {

  private static final Logger LOG = System.getLogger(LiveHub.class.getName());
  private static final int CLOSE_WAIT_SECONDS = 5;

  @Inject Nodes nodes;
  @Inject TreeWalker walker;
  @Inject Users users;
  @Inject SendLanes lanes;
  @Inject OwnUpdates own;

  @Inject
  @ConfigProperty(name = "moi.ws.max-queue")
  int maxQueue;

  private final Map<String, UserTree> trees = new ConcurrentHashMap<>();
  private final Map<Session, Client> clients = new ConcurrentHashMap<>();
  // The connections of each tree, so that a message touches only the clients it concerns.
  private final Map<UserTree, Set<Client>> members = new ConcurrentHashMap<>();
  // Held while connections join and leave trees: a tree is dropped when its last connection
  // leaves, and a connection opening at that moment must not join the tree being dropped.
  private final Object membership = new Object();

  Client open(Session session, String user) {
    String root = users.rootGroup(user);
    // The root's own update: a frame any connection may get at any time, sent before a close.
    String barrier = Frames.of("update", nodes.find(root).orElseGet(() -> Info.newGroup(root, user, null, Dates.now())));
    Client client;
    synchronized (membership) {
      UserTree tree = trees.computeIfAbsent(root, UserTree::new);
      client = new Client(session, user, tree, maxQueue, lanes.assign(), barrier);
      clients.put(session, client);
      members.computeIfAbsent(tree, t -> ConcurrentHashMap.newKeySet()).add(client);
    }
    // The tree is read from Redis after it is registered, under its own lock: a message that
    // comes meanwhile waits for the read and is applied on top of it. Read before registering,
    // an add written after the read but relayed before the registration would be lost.
    try {
      client.tree.loadOnce(() -> shape(root));
    } catch (RuntimeException e) {
      close(session);
      throw e;
    }
    return client;
  }

  void close(Session session) {
    synchronized (membership) {
      Client client = clients.remove(session);
      if (client == null) {
        return;
      }
      Set<Client> others = members.get(client.tree);
      if (others != null) {
        others.remove(client);
        if (others.isEmpty()) {
          members.remove(client.tree);
          trees.remove(client.tree.root(), client.tree);
        }
      }
    }
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
      LOG.log(Level.WARNING, "Live connections of {0} not closed within {1} s", ended.username(), CLOSE_WAIT_SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Asks the lanes to close every connection of the user; never blocks. */
  List<Client> endAccess(AccessEnded ended) {
    var reason = new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, ended.cause().reason());
    List<Client> theirs = clients.values().stream().filter(c -> c.user.equals(ended.username())).toList();
    theirs.forEach(c -> c.close(reason));
    if (!theirs.isEmpty()) {
      LOG.log(Level.INFO, "Closing {0} live connection(s) of {1}: {2}", theirs.size(), ended.username(),
          ended.cause().reason());
    }
    return theirs;
  }

  private Map<String, String> shape(String root) {
    Map<String, String> parents = new HashMap<>();
    walker.walk(root, (group, child) -> parents.put(child.id(), group));
    return parents;
  }

  // --- client frames --------------------------------------------------------------------

  void onFrame(Session session, String text) {
    Client client = clients.get(session);
    if (client == null) {
      return;
    }
    Map<String, List<String>> actions;
    try {
      actions = Frames.actions(text);
    } catch (IllegalArgumentException e) {
      LOG.log(Level.WARNING, "Ignoring a malformed frame from {0}: {1}", client.user, e.getMessage());
      return;
    }
    UserTree tree = client.tree;
    actions.forEach((action, ids) -> {
      switch (action) {
        case "get", "add" -> {
          // IDs outside the user's tree are passed over exactly like IDs that do not exist.
          List<String> targets = ids.isEmpty() ? List.of(tree.root()) : ids.stream().filter(tree::contains).toList();
          synchronized (tree) {
            client.watched.addAll(targets);
            sendSubtrees(List.of(client), action, targets, tree);
          }
        }
        case "remove" -> {
          for (String id : ids) {
            if (tree.contains(id) && !id.equals(tree.root())) {
              nodes.find(id).ifPresent(nodes::detach);
            }
          }
        }
        case "close" -> client.close(new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, "closed on request"));
        default -> LOG.log(Level.WARNING, "Ignoring action {0} from {1}", action, client.user);
      }
    });
  }

  private void sendSubtrees(Collection<Client> to, String action, List<String> targets, UserTree tree) {
    var ids = new LinkedHashSet<String>();
    targets.forEach(t -> ids.addAll(tree.subtree(t)));
    Map<String, Info> infos = nodes.findAll(ids);
    for (String id : ids) {
      Info info = infos.get(id);
      if (info != null) {
        char[] frame = Frames.of(action, info).toCharArray();
        to.forEach(c -> c.send(frame));
      }
    }
  }

  // --- relay notifications ---------------------------------------------------------------

  void onNotification(@Observes Notification notification) {
    if (own.isEcho(notification.nodeId(), notification.message()) || clients.isEmpty()) {
      return;
    }
    Map<String, List<String>> actions;
    try {
      actions = Messages.read(notification.message(), Messages.PUBLISHED);
    } catch (IllegalArgumentException e) {
      LOG.log(Level.WARNING, "Ignoring a malformed message on {0}:pubsub: {1}", notification.nodeId(), e.getMessage());
      return;
    }
    String channelNode = notification.nodeId();
    for (UserTree tree : Set.copyOf(trees.values())) {
      if (!tree.contains(channelNode) && actions.values().stream().flatMap(List::stream).noneMatch(tree::contains)) {
        continue;
      }
      synchronized (tree) {
        actions.forEach((action, ids) -> apply(tree, channelNode, action, ids));
      }
    }
  }

  /**
   * An update this server wrote itself goes out at once, straight from the write: its message
   * coming back through Redis is then passed over ({@link OwnUpdates}) instead of making the
   * relay read the node again. Redis is read under the tree's lock, so a frame the relay sends
   * is never older than one sent from here before it.
   */
  void onLocalUpdate(@Observes NodeUpdated updated) {
    if (clients.isEmpty()) {
      return;
    }
    String id = updated.info().id();
    char[] frame = Frames.ofJson("update", updated.json()).toCharArray();
    // A job that starts at once can be updated before the relay has handled the add that
    // puts it in a tree. The relay handles messages in order: it will place the node first,
    // and then this update must be read and sent like anyone else's. But the relay may have
    // done both already, between the look below and the cancel, and passed this update over
    // as ours: then the node is placed now, and the update goes out from here after all.
    if (!pushWherePlaced(id, frame) && !own.cancel(id)) {
      pushWherePlaced(id, frame);
    }
  }

  /** Sends an update to the watchers of the node in every tree that holds it; false if none does. */
  private boolean pushWherePlaced(String id, char[] frame) {
    boolean placed = false;
    for (UserTree tree : trees.values()) {
      if (tree.contains(id)) {
        placed = true;
        synchronized (tree) {
          pushUpdate(tree, id, frame);
        }
      }
    }
    return placed;
  }

  private void pushUpdate(UserTree tree, String id, char[] frame) {
    clientsOf(tree).stream().filter(c -> c.watches(id)).forEach(c -> c.send(frame));
  }

  private List<Client> clientsOf(UserTree tree) {
    return members.getOrDefault(tree, Set.of()).stream().filter(c -> !c.isClosed()).toList();
  }

  private void apply(UserTree tree, String channelNode, String action, List<String> ids) {
    List<Client> watching;
    switch (action) {
      case "add" -> {
        if (!tree.contains(channelNode)) {
          return;
        }
        for (String id : ids) {
          tree.put(channelNode, id);
          walker.walk(id, (group, child) -> tree.put(group, child.id()));
        }
        watching = clientsOf(tree).stream().filter(c -> c.watches(channelNode)).toList();
        if (!watching.isEmpty()) {
          sendSubtrees(watching, "add", ids, tree);
        }
      }
      case "update" -> {
        List<String> known = ids.stream().filter(tree::contains).toList();
        Map<String, Info> infos = nodes.findAll(known);
        for (String id : known) {
          Info info = infos.get(id);
          if (info != null) {
            pushUpdate(tree, id, Frames.of("update", info).toCharArray());
          }
        }
      }
      case "remove" -> {
        if (!tree.contains(channelNode)) {
          return;
        }
        Map<String, Info> infos = nodes.findAll(ids);
        for (String id : ids) {
          if (!tree.contains(id)) {
            continue;
          }
          watching = clientsOf(tree).stream().filter(c -> c.watches(id)).toList();
          tree.remove(id);
          // A third party's remove is also a detach; after our own it changes nothing.
          nodes.forget(channelNode, id);
          Info info = infos.get(id);
          if (info != null) {
            char[] frame = Frames.of("remove", info).toCharArray();
            watching.forEach(c -> {
              c.send(frame);
              c.watched.remove(id);
            });
          }
        }
      }
      case "get" -> {
        if (!tree.contains(channelNode)) {
          return;
        }
        watching = clientsOf(tree).stream().filter(c -> c.watches(channelNode)).toList();
        for (Client c : watching) {
          List<String> targets = ids.isEmpty() ? List.copyOf(c.watched) : ids.stream().filter(tree::contains).toList();
          sendSubtrees(List.of(c), "get", targets, tree);
        }
      }
      default -> LOG.log(Level.WARNING, "Ignoring action {0} on {1}:pubsub", action, channelNode);
    }
  }

  /**
   * After the relay's subscription came back, messages of the gap are lost: every tree is read
   * afresh and every connection gets the current state of what it watches, and a remove for
   * what it watched that is no longer in the tree.
   */
  void onReconnect(@Observes RelayConnected connected) {
    own.forget();
    if (connected.attempt() == 1) {
      return;
    }
    for (UserTree tree : Set.copyOf(trees.values())) {
      try {
        synchronized (tree) {
          resync(tree);
        }
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "Could not refresh the tree of {0}: {1}", tree.root(), e.getMessage());
      }
    }
  }

  private void resync(UserTree tree) {
    Set<String> before = tree.nodes();
    Map<String, String> fresh = shape(tree.root());
    List<Client> watching = clientsOf(tree).stream().filter(c -> !c.watched.isEmpty()).toList();
    // What each connection watched that has left the tree, found before the shape forgets it.
    Map<Client, List<String>> gone = new HashMap<>();
    for (Client c : watching) {
      gone.put(c, before.stream().filter(id -> !fresh.containsKey(id) && c.watches(id)).toList());
    }
    tree.replace(fresh);
    Set<String> read = new LinkedHashSet<>(fresh.keySet());
    gone.values().forEach(read::addAll);
    Map<String, Info> infos = nodes.findAll(read);
    for (Client c : watching) {
      for (String id : gone.get(c)) {
        c.watched.remove(id);
        Info info = infos.get(id);
        if (info != null) {
          c.send(Frames.of("remove", info));
        }
      }
      for (String id : fresh.keySet()) {
        Info info = infos.get(id);
        if (info != null && c.watches(id)) {
          c.send(Frames.of(before.contains(id) ? "update" : "add", info));
        }
      }
    }
  }
}
