package io.moi.tree.control;

import io.moi.redis.RedisKeys;
import io.moi.tree.entity.Dates;
import io.moi.tree.entity.Info;
import io.moi.tree.entity.Lineage;
import io.moi.tree.entity.NodeIds;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Objects;

/** Creating groups below a parent group, and the lineage any new node below a parent gets. */
@ApplicationScoped
public class Groups {

  @Inject Nodes nodes;
  @Inject Users users;

  /** Creates a group under a parent group and answers its info object as stored. */
  public Info create(String name, String parent) {
    Lineage lineage = lineageBelow(Objects.requireNonNull(parent, "parent"));
    Info group = Info.newGroup(NodeIds.random(), name, parent, Dates.now());
    nodes.create(group, lineage);
    return group;
  }

  /**
   * The lineage of a node created under {@code parent}; throws UnknownNodeException when the parent
   * is no group. The no-user group need not exist yet: a write stores its lineage's root when it is
   * missing, so that group is made with its first node.
   */
  public Lineage lineageBelow(String parent) {
    if (RedisKeys.NO_USER.equals(parent)) {
      return new Lineage(List.of(RedisKeys.NO_USER), users.noUserGroup());
    }
    return nodes.lineageBelow(parent);
  }
}
