package io.moi.live.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.websocket.Session;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Every open websocket connection, grouped by the user tree it follows: the connections of one user
 * share one tree, which is dropped when the last of them leaves.
 */
@ApplicationScoped
public class Connections {

  private final Map<String, UserTree> trees = new ConcurrentHashMap<>();
  private final Map<Session, Client> clients = new ConcurrentHashMap<>();
  // The connections of each tree, so that a message touches only the clients it concerns.
  private final Map<UserTree, Set<Client>> members = new ConcurrentHashMap<>();
  // Held while connections join and leave trees: a tree is dropped when its last connection
  // leaves, and a connection opening at that moment must not join the tree being dropped.
  private final Object membership = new Object();

  /** Registers the connection {@code make} builds on the tree of {@code root}. */
  public Client join(Session session, String root, Function<UserTree, Client> make) {
    synchronized (membership) {
      UserTree tree = trees.computeIfAbsent(root, UserTree::new);
      Client client = make.apply(tree);
      clients.put(session, client);
      members.computeIfAbsent(tree, t -> ConcurrentHashMap.newKeySet()).add(client);
      return client;
    }
  }

  /** Forgets a connection, and its tree with the last of them; nothing if it is not known. */
  public void leave(Session session) {
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

  /** The connection of a session; null if it is not (or no longer) open. */
  public Client of(Session session) {
    return clients.get(session);
  }

  /** The connections of a tree that are not being closed. */
  public List<Client> of(UserTree tree) {
    return members.getOrDefault(tree, Set.of()).stream().filter(c -> !c.isClosed()).toList();
  }

  /** Every connection of one user. */
  public List<Client> ofUser(String user) {
    return clients.values().stream().filter(c -> c.user.equals(user)).toList();
  }

  /** The trees followed now: a copy, safe to walk while connections come and go. */
  public Set<UserTree> trees() {
    return Set.copyOf(trees.values());
  }

  /** The trees followed now, without a copy. */
  Iterable<UserTree> liveTrees() {
    return trees.values();
  }

  public boolean isEmpty() {
    return clients.isEmpty();
  }
}
