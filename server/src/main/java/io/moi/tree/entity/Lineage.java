package io.moi.tree.entity;

import java.util.List;

/**
 * A node's ancestors, its parent first and its root last, and the root's own info. Writes refresh
 * the expiry of every ancestor and recreate the root if it expired.
 */
public record Lineage(List<String> ancestors, Info root) {

  public Lineage {
    ancestors = List.copyOf(ancestors);
    if (ancestors.isEmpty()) {
      throw new IllegalArgumentException("a lineage needs at least a parent");
    }
  }

  public String parent() {
    return ancestors.get(0);
  }

  /** The lineage of a child of the node whose own lineage this is. */
  public Lineage below(String id) {
    var longer = new java.util.ArrayList<String>(ancestors.size() + 1);
    longer.add(id);
    longer.addAll(ancestors);
    return new Lineage(longer, root);
  }
}
