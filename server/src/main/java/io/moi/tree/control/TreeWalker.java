package io.moi.tree.control;

import io.moi.tree.entity.Info;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
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
    inParts(descendantIds(groupId), found::addAll);
    return found;
  }

  /**
   * The IDs of every node below the group (not the group itself), oldest first. The walk keeps each
   * node's ID and creation date, not its info object: {@link #inParts} reads those a part at a
   * time, so that a subtree of 100,000 jobs is never held whole.
   */
  public List<String> descendantIds(String groupId) {
    List<Dated> found = new ArrayList<>();
    walk(
        groupId,
        group -> {
          List<Dated> members = new ArrayList<>();
          nodes.eachChild(
              group,
              child -> members.add(new Dated(child.id(), child.dateCreated(), child.isGroup())));
          return members;
        },
        Dated::id,
        Dated::group,
        (group, member) -> found.add(member));
    found.sort(Dated.OLDEST_FIRST);
    return found.stream().map(Dated::id).toList();
  }

  /**
   * The info objects of the nodes, read {@link Nodes#PART} at a time and handed over in the same
   * order; a node removed since its ID was read is left out.
   */
  public void inParts(List<String> ids, Consumer<List<Info>> part) {
    for (int from = 0; from < ids.size(); from += Nodes.PART) {
      List<String> some = ids.subList(from, Math.min(ids.size(), from + Nodes.PART));
      Map<String, Info> found = nodes.findAll(some);
      part.accept(some.stream().map(found::get).filter(Objects::nonNull).toList());
    }
  }

  /** A node as a walk in creation order needs it. */
  private record Dated(String id, String created, boolean group) {
    static final Comparator<Dated> OLDEST_FIRST =
        Comparator.comparing(Dated::created, Comparator.nullsFirst(Comparator.naturalOrder()));
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
