package io.moi.live.control;

import io.moi.changes.control.OwnUpdates;
import io.moi.changes.entity.Messages;
import io.moi.changes.entity.Notification;
import io.moi.live.entity.Action;
import io.moi.live.entity.Frames;
import io.moi.tree.control.Nodes;
import io.moi.tree.control.TreeWalker;
import io.moi.tree.entity.Info;
import io.moi.tree.entity.NodeUpdated;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;

/**
 * Relayed change messages and this server's own updates, turned into frames for the connections
 * that watch the nodes concerned, reading each node once per message however many connections
 * receive it. Work on one tree is serialised (its lock), so a snapshot is never sent after a newer
 * update.
 */
@ApplicationScoped
public class Fanout {

  private static final Logger LOG = System.getLogger(Fanout.class.getName());

  @Inject Connections connections;
  @Inject Subtrees subtrees;
  @Inject Nodes nodes;
  @Inject TreeWalker walker;
  @Inject OwnUpdates own;

  public void onNotification(@Observes Notification notification) {
    if (own.isEcho(notification.nodeId(), notification.message()) || connections.isEmpty()) {
      return;
    }
    Map<String, List<String>> actions;
    try {
      actions = Messages.read(notification.message(), Messages.PUBLISHED);
    } catch (IllegalArgumentException e) {
      LOG.log(
          Level.WARNING,
          "Ignoring a malformed message on {0}:pubsub: {1}",
          notification.nodeId(),
          e.getMessage());
      return;
    }
    String channelNode = notification.nodeId();
    for (UserTree tree : connections.trees()) {
      if (!tree.contains(channelNode)
          && actions.values().stream().flatMap(List::stream).noneMatch(tree::contains)) {
        continue;
      }
      synchronized (tree) {
        actions.forEach(
            (name, ids) ->
                Action.named(name).ifPresent(action -> apply(tree, channelNode, action, ids)));
      }
    }
  }

  /**
   * An update this server wrote itself goes out at once, straight from the write: its message
   * coming back through Redis is then passed over ({@link OwnUpdates}) instead of making the relay
   * read the node again. Redis is read under the tree's lock, so a frame the relay sends is never
   * older than one sent from here before it.
   */
  public void onLocalUpdate(@Observes NodeUpdated updated) {
    if (connections.isEmpty()) {
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

  /**
   * Sends an update to the watchers of the node in every tree that holds it; false if none does.
   */
  private boolean pushWherePlaced(String id, char[] frame) {
    boolean placed = false;
    for (UserTree tree : connections.liveTrees()) {
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
    connections.of(tree).stream().filter(c -> c.watches(id)).forEach(c -> c.send(frame));
  }

  private void apply(UserTree tree, String channelNode, Action action, List<String> ids) {
    switch (action) {
      case ADD -> added(tree, channelNode, ids);
      case UPDATE -> updated(tree, ids);
      case REMOVE -> removed(tree, channelNode, ids);
      case GET -> asked(tree, channelNode, ids);
      case CLOSE ->
          LOG.log(Level.WARNING, "Ignoring action {0} on {1}:pubsub", action.text(), channelNode);
    }
  }

  private void added(UserTree tree, String channelNode, List<String> ids) {
    if (!tree.contains(channelNode)) {
      return;
    }
    for (String id : ids) {
      tree.put(channelNode, id);
      walker.walk(id, tree::put);
    }
    List<Client> watching =
        connections.of(tree).stream().filter(c -> c.watches(channelNode)).toList();
    if (!watching.isEmpty()) {
      subtrees.send(watching, Action.ADD, ids, tree);
    }
  }

  private void updated(UserTree tree, List<String> ids) {
    List<String> known = ids.stream().filter(tree::contains).toList();
    Map<String, Info> infos = nodes.findAll(known);
    for (String id : known) {
      Info info = infos.get(id);
      if (info != null) {
        pushUpdate(tree, id, Frames.of("update", info).toCharArray());
      }
    }
  }

  private void removed(UserTree tree, String channelNode, List<String> ids) {
    if (!tree.contains(channelNode)) {
      return;
    }
    Map<String, Info> infos = nodes.findAll(ids);
    for (String id : ids) {
      if (!tree.contains(id)) {
        continue;
      }
      List<Client> watching = connections.of(tree).stream().filter(c -> c.watches(id)).toList();
      tree.remove(id);
      // A third party's remove is also a detach; after our own it changes nothing.
      nodes.forget(channelNode, id);
      Info info = infos.get(id);
      if (info != null) {
        char[] frame = Frames.of("remove", info).toCharArray();
        watching.forEach(
            c -> {
              c.send(frame);
              c.watched.remove(id);
            });
      }
    }
  }

  private void asked(UserTree tree, String channelNode, List<String> ids) {
    if (!tree.contains(channelNode)) {
      return;
    }
    List<Client> watching =
        connections.of(tree).stream().filter(c -> c.watches(channelNode)).toList();
    for (Client c : watching) {
      List<String> targets =
          ids.isEmpty() ? List.copyOf(c.watched) : ids.stream().filter(tree::contains).toList();
      subtrees.send(List.of(c), Action.GET, targets, tree);
    }
  }
}
