package io.moi.live.control;

import io.moi.live.entity.Action;
import io.moi.live.entity.Frames;
import io.moi.tree.control.Nodes;
import io.moi.tree.control.TreeWalker;
import io.moi.tree.entity.Info;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** Reads parts of a user's tree from Redis: its shape, and subtrees sent as frames. */
@ApplicationScoped
public class Subtrees {

  /** Nodes read (one MGET) and queued at a time. */
  static final int PART = 500;

  @Inject Nodes nodes;
  @Inject TreeWalker walker;

  /** The parent of every node below {@code root}. */
  public Map<String, String> shape(String root) {
    Map<String, String> parents = new HashMap<>();
    walker.walk(root, (group, child) -> parents.put(child, group));
    return parents;
  }

  /**
   * Sends each target with everything below it, parents first, reading each node once: one
   * snapshot, which may be larger than a connection's queue limit (a whole tree of 10,000 jobs). It
   * is read and queued in parts, so that the first frames are on their way while the rest is read.
   */
  public void send(Collection<Client> to, Action action, List<String> targets, UserTree tree) {
    var ids = new LinkedHashSet<String>();
    targets.forEach(t -> ids.addAll(tree.subtree(t)));
    List<String> order = new ArrayList<>(ids);
    List<Client> admitted = to.stream().filter(c -> c.startSnapshot(order.size())).toList();
    for (int from = 0; from < order.size() && !admitted.isEmpty(); from += PART) {
      List<String> part = order.subList(from, Math.min(order.size(), from + PART));
      Map<String, Info> infos = nodes.findAll(part);
      List<char[]> frames = new ArrayList<>(infos.size());
      for (String id : part) {
        Info info = infos.get(id);
        if (info != null) {
          frames.add(Frames.of(action.text(), info).toCharArray());
        }
      }
      admitted.forEach(c -> c.sendSnapshotPart(frames));
    }
  }
}
