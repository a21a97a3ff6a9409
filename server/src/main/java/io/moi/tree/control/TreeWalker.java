package io.moi.tree.control;

import io.moi.tree.entity.Info;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;

/** Walks a group's subtree through the {@code :children} sets. */
@ApplicationScoped
public class TreeWalker {

  @Inject Nodes nodes;

  /** Visits every node below the group with the group whose set holds it, breadth first. */
  public void walk(String groupId, BiConsumer<String, Info> visit) {
    Set<String> seen = new HashSet<>(Set.of(groupId));
    var pending = new ArrayDeque<String>(List.of(groupId));
    while (!pending.isEmpty()) {
      String group = pending.poll();
      for (Info child : nodes.children(group)) {
        // A third party could make a set contain an ancestor: never loop.
        if (seen.add(child.id())) {
          visit.accept(group, child);
          if (child.isGroup()) {
            pending.add(child.id());
          }
        }
      }
    }
  }

  /** Every node below the group (not the group itself), oldest first. */
  public List<Info> descendants(String groupId) {
    List<Info> found = new ArrayList<>();
    walk(groupId, (group, child) -> found.add(child));
    found.sort(Info.BY_CREATION);
    return found;
  }
}
