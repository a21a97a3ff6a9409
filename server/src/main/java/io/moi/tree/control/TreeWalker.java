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
    descendantsOf(groupId).inParts(found::addAll);
    return found;
  }

  /**
   * Every node below the group (not the group itself), oldest first, to be handed over a part at a
   * time ({@link Descendants#inParts}). The walk keeps the info objects of the first {@link #kept}
   * nodes it meets and only the ID and creation date of any further ones, which are read again a
   * part at a time: a subtree of 100,000 jobs is never held whole, and one of 10,000 is read once.
   */
  public Descendants descendantsOf(String groupId) {
    List<Dated> found = new ArrayList<>();
    walk(
        groupId,
        group -> {
          List<Dated> members = new ArrayList<>();
          nodes.eachChild(
              group,
              child ->
                  members.add(
                      new Dated(
                          child.id(),
                          child.dateCreated(),
                          child.isGroup(),
                          found.size() + members.size() < kept ? child : null)));
          return members;
        },
        Dated::id,
        Dated::group,
        (group, member) -> found.add(member));
    found.sort(Dated.OLDEST_FIRST);
    return new Descendants(found, nodes);
  }

  /** How many info objects a walk of descendants keeps; those past it are read again. */
  int kept = 20_000;

  /** The nodes below a group, oldest first. */
  public static final class Descendants {
    private final List<Dated> sorted;
    private final Nodes nodes;

    private Descendants(List<Dated> sorted, Nodes nodes) {
      this.sorted = sorted;
      this.nodes = nodes;
    }

    public int size() {
      return sorted.size();
    }

    /**
     * Hands the info objects over in order, at most {@link Nodes#PART} at a time, reading those the
     * walk did not keep; a node removed since the walk is then left out.
     */
    public void inParts(Consumer<List<Info>> part) {
      for (int from = 0; from < sorted.size(); from += Nodes.PART) {
        List<Dated> some = sorted.subList(from, Math.min(sorted.size(), from + Nodes.PART));
        Map<String, Info> read =
            nodes.findAll(some.stream().filter(d -> d.kept() == null).map(Dated::id).toList());
        part.accept(
            some.stream()
                .map(d -> d.kept() != null ? d.kept() : read.get(d.id()))
                .filter(Objects::nonNull)
                .toList());
      }
    }
  }

  /** A node as a walk in creation order needs it, with its info object if the walk kept it. */
  private record Dated(String id, String created, boolean group, Info kept) {
    static final Comparator<Dated> OLDEST_FIRST =
        Comparator.comparing(Dated::created, Info.CREATION_DATES);
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
