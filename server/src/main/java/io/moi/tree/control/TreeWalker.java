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

  /**
   * Visits every node below the group with the group whose set holds it, breadth first: each node's
   * ID, read from the sets and the types of the info objects only (a tree's shape).
   */
  public void walk(String groupId, BiConsumer<String, String> visit) {
    Set<String> seen = new HashSet<>(Set.of(groupId));
    var pending = new ArrayDeque<String>(List.of(groupId));
    while (!pending.isEmpty()) {
      String group = pending.poll();
      nodes
          .memberKinds(group)
          .forEach(
              (child, isGroup) -> {
                // A third party could make a set contain an ancestor: never loop.
                if (seen.add(child)) {
                  visit.accept(group, child);
                  if (isGroup) {
                    pending.add(child);
                  }
                }
              });
    }
  }

  /** Every node below the group (not the group itself), oldest first. */
  public List<Info> descendants(String groupId) {
    List<Info> found = new ArrayList<>();
    Set<String> seen = new HashSet<>(Set.of(groupId));
    var pending = new ArrayDeque<String>(List.of(groupId));
    while (!pending.isEmpty()) {
      for (Info child : nodes.children(pending.poll())) {
        if (seen.add(child.id())) {
          found.add(child);
          if (child.isGroup()) {
            pending.add(child.id());
          }
        }
      }
    }
    found.sort(Info.BY_CREATION);
    return found;
  }
}
