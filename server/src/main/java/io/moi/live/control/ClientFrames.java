package io.moi.live.control;

import io.moi.live.entity.Action;
import io.moi.live.entity.Frames;
import io.moi.tree.control.Nodes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;

/**
 * What a browser asks of its connection: {@code get} and {@code add} (watch nodes and receive them
 * with their subtrees), {@code remove} (detach nodes of its own tree) and {@code close}. IDs
 * outside the user's tree are passed over exactly like IDs that do not exist.
 */
@ApplicationScoped
public class ClientFrames {

  private static final Logger LOG = System.getLogger(ClientFrames.class.getName());

  @Inject Nodes nodes;
  @Inject Subtrees subtrees;

  /** Acts on one frame; a malformed one is logged and ignored. */
  public void handle(Client client, String text) {
    Map<String, List<String>> actions;
    try {
      actions = Frames.actions(text);
    } catch (IllegalArgumentException e) {
      LOG.log(
          Level.WARNING, "Ignoring a malformed frame from {0}: {1}", client.user, e.getMessage());
      return;
    }
    actions.forEach(
        (name, ids) -> Action.named(name).ifPresent(action -> act(client, action, ids)));
  }

  private void act(Client client, Action action, List<String> ids) {
    UserTree tree = client.tree;
    switch (action) {
      case GET, ADD -> {
        List<String> targets =
            ids.isEmpty() ? List.of(tree.root()) : ids.stream().filter(tree::contains).toList();
        synchronized (tree) {
          client.watched.addAll(targets);
          subtrees.send(List.of(client), action, targets, tree);
        }
      }
      case REMOVE -> {
        for (String id : ids) {
          if (tree.contains(id) && !id.equals(tree.root())) {
            nodes.find(id).ifPresent(nodes::detach);
          }
        }
      }
      case CLOSE ->
          client.close(new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, "closed on request"));
      case UPDATE ->
          LOG.log(Level.WARNING, "Ignoring action {0} from {1}", action.text(), client.user);
    }
  }
}
