package io.moi.live.control;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The shape of one user's tree as the live side knows it: which nodes are in it and under which
 * group. Shared by all of that user's connections, so a notification is matched against one index
 * per user, not per connection.
 */
public final class UserTree {

  private final String root;
  private final Map<String, String> parents = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> children = new ConcurrentHashMap<>();
  private boolean loaded;

  public UserTree(String root) {
    this.root = root;
  }

  public String root() {
    return root;
  }

  public boolean contains(String id) {
    return root.equals(id) || parents.containsKey(id);
  }

  public synchronized void put(String parent, String id) {
    if (root.equals(id)) {
      return;
    }
    String old = parents.put(id, parent);
    if (old != null && !old.equals(parent)) {
      Set<String> siblings = children.get(old);
      if (siblings != null) {
        siblings.remove(id);
      }
    }
    children.computeIfAbsent(parent, k -> ConcurrentHashMap.newKeySet()).add(id);
  }

  /** The node and everything below it, the node first. */
  public List<String> subtree(String id) {
    List<String> found = new ArrayList<>();
    var pending = new ArrayDeque<String>(List.of(id));
    while (!pending.isEmpty()) {
      String next = pending.poll();
      if (found.size() > parents.size() + 1) {
        break; // a cycle made by a third party
      }
      found.add(next);
      pending.addAll(children.getOrDefault(next, Set.of()));
    }
    return found;
  }

  /** Removes the node and its subtree; returns what was removed. */
  public synchronized List<String> remove(String id) {
    if (root.equals(id) || !parents.containsKey(id)) {
      return List.of();
    }
    List<String> gone = subtree(id);
    Set<String> siblings = children.get(parents.get(id));
    if (siblings != null) {
      siblings.remove(id);
    }
    for (String node : gone) {
      parents.remove(node);
      children.remove(node);
    }
    return gone;
  }

  /** Whether {@code id} is {@code ancestor} or lies below it. */
  public boolean isWithin(String id, Set<String> ancestors) {
    String current = id;
    for (int depth = 0; current != null && depth <= parents.size(); depth++) {
      if (ancestors.contains(current)) {
        return true;
      }
      current = parents.get(current);
    }
    return false;
  }

  public Set<String> nodes() {
    return Set.copyOf(parents.keySet());
  }

  /** Reads the shape the first time only; a later caller waits until it has been read. */
  public synchronized void loadOnce(Supplier<Map<String, String>> shape) {
    if (!loaded) {
      replace(shape.get());
      loaded = true;
    }
  }

  /** Replaces the whole shape, as read afresh from Redis. */
  public synchronized void replace(Map<String, String> fresh) {
    parents.clear();
    children.clear();
    fresh.forEach((id, parent) -> put(parent, id));
  }
}
