package io.moi.tree.control;

import io.moi.tree.entity.Info;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Predicate;

/** Walks a group's subtree through the {@code :children} sets. */
@ApplicationScoped
public class TreeWalker {

  @Inject Nodes nodes;

  /**
   * Visits every node below the group with the group whose set holds it, breadth first: each node's
   * ID, read from the sets and the types of the info objects only (a tree's shape).
   */
  public void walk(String groupId, BiConsumer<String, String> visit) {
    walk(
        groupId,
        group -> nodes.memberKinds(group).entrySet(),
        Map.Entry::getKey,
        Map.Entry::getValue,
        (group, member) -> visit.accept(group, member.getKey()));
  }

  /** Every node below the group (not the group itself), oldest first. */
  public List<Info> descendants(String groupId) {
    List<Info> found = new ArrayList<>();
    walk(groupId, nodes::children, Info::id, Info::isGroup, (group, child) -> found.add(child));
    found.sort(Info.BY_CREATION);
    return found;
  }

  /**
   * Breadth first from the group, visiting each member once with the group whose set holds it and
   * going into the members that are groups.
   */
  private <T> void walk(
      String groupId,
      Function<String, Collection<T>> members,
      Function<T, String> idOf,
      Predicate<T> isGroup,
      BiConsumer<String, T> visit) {
    Set<String> seen = new HashSet<>(Set.of(groupId));
    var pending = new ArrayDeque<String>(List.of(groupId));
    while (!pending.isEmpty()) {
      String group = pending.poll();
      for (T member : members.apply(group)) {
        // A third party could make a set contain an ancestor: never loop.
        if (seen.add(idOf.apply(member))) {
          visit.accept(group, member);
          if (isGroup.test(member)) {
            pending.add(idOf.apply(member));
          }
        }
      }
    }
  }
}
