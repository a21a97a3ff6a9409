package io.moi.jobs.control;

import io.moi.Bindings;
import io.moi.LocalRedis;
import io.moi.PlainExecutor;
import io.moi.Settings;
import io.moi.redis.Redis;
import io.moi.redis.TestRedis;
import io.moi.tree.control.Nodes;
import io.moi.tree.control.TestNodes;
import io.moi.tree.entity.Info;
import io.moi.tree.entity.Lineage;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One server's job engine as the container starts it, on a test's Redis: the default executor bound
 * in JNDI, the tree's nodes open, alice's root group stored; {@link #start} starts the node.
 * Register it static, after the {@link LocalRedis} it uses.
 */
final class Engine
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

  static final Info ROOT = Info.newGroup("root", "alice", null, "2026-03-01 12:00:00.000000");
  static final Lineage UNDER_ROOT = new Lineage(List.of("root"), ROOT);

  private final LocalRedis redis;
  private final int schedulerThreads;

  Redis connections;
  PlainExecutor scheduler;
  PlainExecutor executor;
  Nodes nodes;
  JobRunner runner;
  PortableJobs portable;
  ClusterNode node;

  Engine(LocalRedis redis, int schedulerThreads) {
    this.redis = redis;
    this.schedulerThreads = schedulerThreads;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    Bindings.install();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    Bindings.uninstall();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    connections = TestRedis.open(redis.url());
    scheduler = new PlainExecutor(schedulerThreads);
    executor = new PlainExecutor(4);
    Bindings.bind("concurrent/moi-default", executor);
    nodes = TestNodes.open(redis.client(), connections, scheduler);
    redis.client().set("root", ROOT.toJson());
  }

  @Override
  public void afterEach(ExtensionContext context) throws InterruptedException {
    if (node != null) {
      TestJobBeans.stop(node);
      node = null;
    }
    for (var pool : List.of(executor, scheduler)) {
      pool.shutdownNow();
      pool.awaitTermination(30, TimeUnit.SECONDS);
    }
    TestRedis.close(connections);
  }

  /** Starts the node with these settings, as the container does at deployment. */
  void start(Settings settings) {
    var nodeSettings = TestJobBeans.nodeSettings(settings);
    runner =
        TestJobBeans.runner(
            nodes, TestJobBeans.codeJobs(settings), scheduler, redis.client(), nodeSettings);
    portable = TestJobBeans.portable(nodes, redis.client(), nodeSettings);
    node =
        TestJobBeans.startedNode(
            runner, TestJobBeans.contexts(settings), nodes, redis.client(), connections, scheduler);
  }
}
