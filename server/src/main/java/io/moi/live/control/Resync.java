package io.moi.live.control;

import io.moi.changes.control.OwnUpdates;
import io.moi.changes.entity.RelayConnected;
import io.moi.live.entity.Frames;
import io.moi.tree.control.Nodes;
import io.moi.tree.entity.Info;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * After the relay's subscription came back, messages of the gap are lost: every tree is read afresh
 * and every connection gets the current state of what it watches, and a remove for what it watched
 * that is no longer in the tree.
 */
@ApplicationScoped
public class Resync {

  private static final Logger LOG = System.getLogger(Resync.class.getName());

  @Inject Connections connections;
  @Inject Subtrees subtrees;
  @Inject Nodes nodes;
  @Inject OwnUpdates own;

  public void onReconnect(@Observes RelayConnected connected) {
    own.forget();
    if (connected.attempt() == 1) {
      return;
    }
    for (UserTree tree : connections.trees()) {
      try {
        synchronized (tree) {
          resync(tree);
        }
      } catch (RuntimeException e) {
        LOG.log(
            Level.WARNING, "Could not refresh the tree of {0}: {1}", tree.root(), e.getMessage());
      }
    }
  }

  private void resync(UserTree tree) {
    Set<String> before = tree.nodes();
    Map<String, String> fresh = subtrees.shape(tree.root());
    List<Client> watching =
        connections.of(tree).stream().filter(c -> !c.watched.isEmpty()).toList();
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
