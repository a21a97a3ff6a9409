package io.moi.tree.control;

import io.moi.changes.control.OwnUpdates;
import io.moi.redis.Redis;
import io.moi.redis.TestExpiry;
import io.moi.tree.entity.NodeUpdated;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.NotificationOptions;
import jakarta.enterprise.util.TypeLiteral;
import java.lang.annotation.Annotation;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import redis.clients.jedis.UnifiedJedis;

/**
 * {@link Nodes}, {@link Users} and {@link Groups} as the container would wire them, for unit tests
 * of other features: on a real Redis, with a retention of one hour, and the {@code NodeUpdated}
 * events kept in a list rather than sent to observers.
 */
public final class TestNodes {

  private TestNodes() {}

  public static Nodes open(
      UnifiedJedis redis, Redis connections, ManagedScheduledExecutorService scheduler) {
    return wire(new Nodes(), redis, connections, scheduler);
  }

  /** Wires {@code nodes}, a subclass that changes some write, say. */
  public static <T extends Nodes> T wire(
      T nodes, UnifiedJedis redis, Redis connections, ManagedScheduledExecutorService scheduler) {
    nodes.redis = redis;
    nodes.connections = connections;
    nodes.expiry = TestExpiry.of("1h");
    nodes.own = new OwnUpdates();
    nodes.updated = new Fired<>();
    nodes.detached = new Fired<>();
    var refused = new RefusedCreations();
    refused.redis = redis;
    refused.scheduler = scheduler;
    nodes.refused = refused;
    return nodes;
  }

  public static Users users(Nodes nodes) {
    var users = new Users();
    users.redis = nodes.redis;
    users.expiry = nodes.expiry;
    return users;
  }

  public static Groups groups(Nodes nodes, Users users) {
    var groups = new Groups();
    groups.nodes = nodes;
    groups.users = users;
    return groups;
  }

  public static Access access(Nodes nodes, Users users) {
    var access = new Access();
    access.nodes = nodes;
    access.users = users;
    return access;
  }

  /** The update events the nodes fired, oldest first. */
  public static List<NodeUpdated> fired(Nodes nodes) {
    return List.copyOf(((Fired<NodeUpdated>) nodes.updated).events);
  }

  private static final class Fired<T> implements Event<T> {

    final List<T> events = new CopyOnWriteArrayList<>();

    @Override
    public void fire(T event) {
      events.add(event);
    }

    @Override
    public <U extends T> CompletionStage<U> fireAsync(U event) {
      events.add(event);
      return CompletableFuture.completedFuture(event);
    }

    @Override
    public <U extends T> CompletionStage<U> fireAsync(U event, NotificationOptions options) {
      return fireAsync(event);
    }

    @Override
    public Event<T> select(Annotation... qualifiers) {
      throw new UnsupportedOperationException();
    }

    @Override
    public <U extends T> Event<U> select(Class<U> subtype, Annotation... qualifiers) {
      throw new UnsupportedOperationException();
    }

    @Override
    public <U extends T> Event<U> select(TypeLiteral<U> subtype, Annotation... qualifiers) {
      throw new UnsupportedOperationException();
    }
  }

  /** An event that keeps what is fired, for {@link #fired} and {@link #detached}. */
  public static <T> Event<T> recordingEvents() {
    return new Fired<>();
  }

  /** The detach events the nodes fired, oldest first. */
  @SuppressWarnings("unchecked")
  public static List<io.moi.tree.entity.NodeDetached> detached(Nodes nodes) {
    return List.copyOf(((Fired<io.moi.tree.entity.NodeDetached>) nodes.detached).events);
  }

  /** A walker of the trees {@code nodes} reads. */
  public static TreeWalker walker(Nodes nodes) {
    var walker = new TreeWalker();
    walker.nodes = nodes;
    return walker;
  }
}
