package io.moi.tree.control;

import io.moi.security.entity.Caller;
import io.moi.tree.entity.Info;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * Who may see which node. A user sees a node only when the path from their root group down to it is
 * intact (every step a member of its parent's set); admins see every node. Anything else looks
 * exactly like a node that does not exist.
 */
@ApplicationScoped
public class Access {

  private static final int MAX_DEPTH = 64;

  @Inject Nodes nodes;
  @Inject Users users;

  public Optional<Info> visible(Caller caller, String id) {
    Optional<Info> node = nodes.find(id);
    if (node.isEmpty() || caller.isAdmin()) {
      return node;
    }
    Optional<String> root = users.rootGroupId(caller.name());
    return root.isPresent() && isUnder(root.get(), node.get()) ? node : Optional.empty();
  }

  /** A group the caller may see, or empty. */
  public Optional<Info> visibleGroup(Caller caller, String id) {
    return visible(caller, id).filter(Info::isGroup);
  }

  /** The caller's own root group, created on first sight. */
  public String ownRoot(Caller caller) {
    return users.rootGroup(caller.name());
  }

  private boolean isUnder(String root, Info node) {
    Info current = node;
    for (int depth = 0; depth < MAX_DEPTH; depth++) {
      if (current.id().equals(root)) {
        return true;
      }
      String parent = current.parent();
      if (parent == null || !nodes.isMember(parent, current.id())) {
        return false;
      }
      if (parent.equals(root)) {
        return true;
      }
      Optional<Info> up = nodes.find(parent);
      if (up.isEmpty()) {
        return false;
      }
      current = up.get();
    }
    return false;
  }
}
