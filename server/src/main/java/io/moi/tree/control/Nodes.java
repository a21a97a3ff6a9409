package io.moi.tree.control;

import io.moi.changes.control.OwnUpdates;
import io.moi.changes.entity.Messages;
import io.moi.redis.AtomicWrite;
import io.moi.redis.ConflictingWriteException;
import io.moi.redis.Expiry;
import io.moi.redis.Redis;
import io.moi.redis.RedisKeys;
import io.moi.tree.entity.Info;
import io.moi.tree.entity.Lineage;
import io.moi.tree.entity.NodeDetached;
import io.moi.tree.entity.NodeUpdated;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.lang.System.Logger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import redis.clients.jedis.UnifiedJedis;

/**
 * Reads and writes nodes. Each write is one {@link AtomicWrite} (MULTI/EXEC, one round trip): the
 * info object is stored before the notification that announces it is published.
 */
@ApplicationScoped
public class Nodes {

  private static final Logger LOG = System.getLogger(Nodes.class.getName());
  private static final int MAX_DEPTH = 64;

  /** How many info objects one read of a large group or subtree fetches. */
  public static final int PART = 1_000;

  @Inject UnifiedJedis redis;
  @Inject Expiry expiry;
  @Inject Redis connections;
  @Inject Event<NodeUpdated> updated;
  @Inject Event<NodeDetached> detached;
  @Inject OwnUpdates own;
  @Inject RefusedCreations refused;

  /** Ancestors this server refreshed lately, which writes below them pass over for a while. */
  final RecentRefreshes refreshed = new RecentRefreshes(System::nanoTime);

  /**
   * Stores a new node under its parent and publishes {@code add} on the parent's channel. A write
   * that fails is taken back, should Redis have applied it all the same: a creation the caller was
   * told failed leaves nothing behind.
   */
  public void create(Info node, Lineage lineage) {
    create(node, lineage, new AtomicWrite());
  }

  /** As {@link #create(Info, Lineage)}, with {@code also} applied in the same atomic step. */
  public void create(Info node, Lineage lineage, AtomicWrite also) {
    long ttl = expiry.seconds();
    String json = node.toJson();
    var write =
        recreateRoot(new AtomicWrite(), lineage, ttl)
            .store(RedisKeys.info(node.id()), json, ttl)
            .addMember(
                RedisKeys.children(lineage.parent()),
                node.id(),
                RedisKeys.info(lineage.parent()),
                ttl);
    List<String> refreshing = refreshAncestors(write, lineage, ttl);
    write.publish(RedisKeys.pubsub(lineage.parent()), Messages.of("add", node.id())).and(also);
    try {
      write.execute(connections);
    } catch (ConflictingWriteException e) {
      refreshed.forget(refreshing);
      throw e; // nothing was written
    } catch (RuntimeException e) {
      refreshed.forget(refreshing);
      refused.takeBack(node, json, lineage.parent());
      throw e;
    }
  }

  /** Stores a changed node and publishes {@code update} on its own channel. */
  public void update(Info node, Lineage lineage) {
    update(node, lineage, new AtomicWrite());
  }

  /** As {@link #update(Info, Lineage)}, with {@code also} applied in the same atomic step. */
  public void update(Info node, Lineage lineage, AtomicWrite also) {
    long ttl = expiry.seconds();
    String json = node.toJson();
    var write =
        recreateRoot(new AtomicWrite(), lineage, ttl).store(RedisKeys.info(node.id()), json, ttl);
    List<String> refreshing = refreshAncestors(write, lineage, ttl);
    write.publish(RedisKeys.pubsub(node.id()), Messages.of("update", node.id())).and(also);
    own.expect(node.id());
    try {
      write.execute(connections);
    } catch (RuntimeException e) {
      refreshed.forget(refreshing);
      own.cancel(node.id());
      throw e;
    }
    try {
      updated.fire(new NodeUpdated(node, json));
    } catch (RuntimeException e) {
      // the write stands; listeners still get the published message
      LOG.log(Logger.Level.WARNING, "A listener failed on the update of " + node.id(), e);
    }
  }

  /**
   * Detaches a node from its parent group and publishes {@code remove} on the parent's channel. A
   * group takes its descendants with it; their keys expire in time.
   */
  public void detach(Info node) {
    new AtomicWrite()
        .srem(RedisKeys.children(node.parent()), node.id())
        .publish(RedisKeys.pubsub(node.parent()), Messages.of("remove", node.id()))
        .execute(connections);
  }

  /**
   * Detaches a node at {@code by}'s request, then tells this server's listeners, so that jobs below
   * it that have not ended are cancelled: a removed job does not run on unseen.
   */
  public void detach(Info node, String by) {
    detach(node);
    try {
      detached.fire(new NodeDetached(node, by));
    } catch (RuntimeException e) {
      LOG.log(Logger.Level.WARNING, "A listener failed on the removal of " + node.id(), e);
    }
  }

  /** Drops a member from a group's set without telling anyone (a third party already did). */
  public void forget(String groupId, String id) {
    redis.srem(RedisKeys.children(groupId), id);
  }

  /** The info objects of several nodes in one round trip; missing ones are left out. */
  public Map<String, Info> findAll(Collection<String> ids) {
    if (ids.isEmpty()) {
      return Map.of();
    }
    List<String> order = new ArrayList<>(ids);
    List<String> values = redis.mget(order.stream().map(RedisKeys::info).toArray(String[]::new));
    Map<String, Info> found = new LinkedHashMap<>();
    for (int i = 0; i < order.size(); i++) {
      String json = values.get(i);
      if (json != null) {
        try {
          found.put(order.get(i), Info.fromJson(json));
        } catch (IllegalArgumentException e) {
          LOG.log(Logger.Level.WARNING, "Key {0} does not hold an info object", order.get(i));
        }
      }
    }
    return found;
  }

  public boolean isMember(String groupId, String id) {
    return redis.sismember(RedisKeys.children(groupId), id);
  }

  // A root that expired while members were being written is recreated, never left missing; one
  // that exists (perhaps the original moi's, with no expiry) is left as it is.
  private static AtomicWrite recreateRoot(AtomicWrite write, Lineage lineage, long ttl) {
    return write.setIfAbsent(RedisKeys.info(lineage.root().id()), lineage.root().toJson(), ttl);
  }

  // No group expires before its newest member: a refresh gives the ancestor the retention and a
  // slack, and the ancestors refreshed lately are passed over (RecentRefreshes). Groups and sets
  // without an expiry (the original moi's) keep none. Answers the ancestors refreshed.
  private List<String> refreshAncestors(AtomicWrite write, Lineage lineage, long ttl) {
    long slack = RecentRefreshes.slackSeconds(ttl);
    List<String> due = refreshed.due(lineage.ancestors(), slack);
    for (String ancestor : due) {
      write
          .refreshExpiry(RedisKeys.info(ancestor), ttl + slack)
          .refreshExpiry(RedisKeys.children(ancestor), ttl + slack);
    }
    return due;
  }

  public Optional<Info> find(String id) {
    String json = redis.get(RedisKeys.info(id));
    return json == null ? Optional.empty() : parsed(id, json);
  }

  /**
   * Walks a node's chain of parents in Redis, in one round trip instead of one GET a level: the
   * info objects from the node up, as far as the chain goes (a missing or unreadable key, a node
   * without a parent), at most ARGV[2] of them. A node's key is its ID (protocol section 2).
   */
  private static final String CHAIN =
      """
      local found = {}
      local id = ARGV[1]
      for i = 1, tonumber(ARGV[2]) do
        local json = redis.call('GET', id)
        if not json then break end
        found[#found + 1] = json
        local ok, node = pcall(cjson.decode, json)
        if not ok or type(node) ~= 'table' or type(node['parent']) ~= 'string' then break end
        id = node['parent']
      end
      return found
      """;

  /** The group's ancestry as a new member sees it: the group first, its root last. */
  public Lineage lineageBelow(String groupId) {
    if (!RedisKeys.info(groupId).equals(groupId)) {
      throw new IllegalStateException("an info object's key is no longer its ID: see CHAIN");
    }
    @SuppressWarnings("unchecked")
    List<String> chain =
        (List<String>)
            redis.eval(CHAIN, List.of(), List.of(groupId, String.valueOf(MAX_DEPTH + 1)));
    Info group =
        (chain.isEmpty() ? Optional.<Info>empty() : parsed(groupId, chain.get(0)))
            .filter(Info::isGroup)
            .orElseThrow(() -> new UnknownNodeException("no group with ID '" + groupId + "'"));
    List<String> ancestors = new ArrayList<>();
    Info node = group;
    ancestors.add(node.id());
    while (node.parent() != null) {
      if (ancestors.size() >= MAX_DEPTH) {
        throw new IllegalStateException(
            "group '" + groupId + "' is nested deeper than " + MAX_DEPTH);
      }
      String parentId = node.parent();
      node =
          (ancestors.size() < chain.size()
                  ? parsed(parentId, chain.get(ancestors.size()))
                  : Optional.<Info>empty())
              .orElseThrow(
                  () ->
                      new UnknownNodeException(
                          "group '" + groupId + "' has lost its ancestor '" + parentId + "'"));
      ancestors.add(node.id());
    }
    return new Lineage(ancestors, node);
  }

  private static Optional<Info> parsed(String id, String json) {
    try {
      return Optional.of(Info.fromJson(json));
    } catch (IllegalArgumentException e) {
      LOG.log(
          Logger.Level.WARNING, "Key {0} does not hold an info object: {1}", id, e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * The group's direct children, oldest first. Members whose keys expired are dropped from the set
   * here, the next time it is read.
   */
  public List<Info> children(String groupId) {
    List<Info> children = new ArrayList<>();
    eachChild(groupId, children::add);
    children.sort(Info.BY_CREATION);
    return children;
  }

  /**
   * Hands over each of the group's members as an info object, in the set's order, reading {@link
   * #PART} of them at a time: a large group is never held whole. Members that hold no info object
   * are skipped; those whose keys expired are dropped from the set.
   */
  public void eachChild(String groupId, Consumer<Info> each) {
    members(
        groupId,
        (id, json) -> {
          Info child;
          try {
            child = Info.fromJson(json);
          } catch (IllegalArgumentException e) {
            LOG.log(
                Logger.Level.WARNING,
                "Skipping member {0} of {1}: {2}",
                id,
                groupId,
                e.getMessage());
            return;
          }
          each.accept(child);
        });
  }

  /**
   * The texts of the group's members' info objects, in the set's order, read {@link #PART} at a
   * time; members whose keys expired are dropped from the set here.
   */
  private void members(String groupId, BiConsumer<String, String> each) {
    List<String> ids = new ArrayList<>(redis.smembers(RedisKeys.children(groupId)));
    for (int from = 0; from < ids.size(); from += PART) {
      List<String> part = ids.subList(from, Math.min(ids.size(), from + PART));
      List<String> values = redis.mget(part.stream().map(RedisKeys::info).toArray(String[]::new));
      List<String> gone = new ArrayList<>();
      for (int i = 0; i < part.size(); i++) {
        if (values.get(i) == null) {
          gone.add(part.get(i));
        } else {
          each.accept(part.get(i), values.get(i));
        }
      }
      if (!gone.isEmpty()) {
        redis.srem(RedisKeys.children(groupId), gone.toArray(String[]::new));
      }
    }
  }

  /**
   * The group's direct members that hold info objects, each with whether it is a group: what a
   * tree's shape needs, read without parsing whole info objects (see {@link Info#typeOf}). Members
   * whose keys expired are dropped from the set, as {@link #children} does.
   */
  public Map<String, Boolean> memberKinds(String groupId) {
    Map<String, Boolean> kinds = new LinkedHashMap<>();
    members(
        groupId,
        (id, json) -> {
          String type = Info.typeOf(json);
          if (type == null) {
            LOG.log(
                Logger.Level.WARNING,
                "Skipping member {0} of {1}: not an info object",
                id,
                groupId);
          } else {
            kinds.put(id, type.equals(Info.GROUP));
          }
        });
    return kinds;
  }

  public boolean exists(String id) {
    return redis.exists(RedisKeys.info(id));
  }
}
