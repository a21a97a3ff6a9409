package io.moi.jobs.control;

import io.moi.Settings;
import io.moi.cluster.control.CancelMarks;
import io.moi.cluster.control.Heartbeats;
import io.moi.cluster.control.TestQueues;
import io.moi.cluster.control.WorkQueue;
import io.moi.redis.Redis;
import io.moi.tree.control.Nodes;
import io.moi.tree.entity.Info;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.json.JsonString;
import redis.clients.jedis.UnifiedJedis;

/**
 * The job engine's beans as the container would make them, for unit tests of the engine and its
 * facade.
 */
public final class TestJobBeans {

  private TestJobBeans() {}

  /** The job settings of microprofile-config.properties. */
  public static Settings defaultSettings() {
    return new Settings()
        .set("moi.contexts", "default")
        .set("moi.job.timeout", "1h")
        .set("moi.job.max-output", "1048576")
        .set("moi.job.python", "python3")
        .set("moi.job.run-as", "")
        .set("moi.job.env", "")
        .set("moi.shutdown.grace", "0s");
  }

  public static CodeJobs codeJobs(Settings settings) {
    var codeJobs = new CodeJobs();
    codeJobs.config = settings;
    codeJobs.readSettings();
    return codeJobs;
  }

  public static Contexts contexts(Settings settings) {
    var contexts = new Contexts();
    contexts.config = settings;
    contexts.readNames();
    return contexts;
  }

  public static Results results() {
    var results = new Results();
    results.open();
    return results;
  }

  public static JobRunner runner(
      Nodes nodes,
      CodeJobs codeJobs,
      ManagedScheduledExecutorService scheduler,
      UnifiedJedis redis) {
    return runner(nodes, codeJobs, scheduler, redis, nodeSettings(defaultSettings()));
  }

  public static JobRunner runner(
      Nodes nodes,
      CodeJobs codeJobs,
      ManagedScheduledExecutorService scheduler,
      UnifiedJedis redis,
      NodeSettings settings) {
    var runner = new JobRunner();
    runner.nodes = nodes;
    runner.results = results();
    runner.codeJobs = codeJobs;
    runner.scheduler = scheduler;
    runner.queue = queue(redis);
    runner.heartbeats = heartbeats(redis);
    runner.settings = settings;
    runner.marks = marks(redis);
    runner.threads = new StandInThreadFactory();
    runner.handlers =
        (name, args) -> {
          throw new IllegalArgumentException("this server has no job handler named '" + name + "'");
        };
    return runner;
  }

  public static CancelMarks marks(UnifiedJedis redis) {
    return TestQueues.marks(redis);
  }

  public static NodeSettings nodeSettings(Settings settings) {
    var node = new NodeSettings();
    node.config = settings;
    node.read();
    return node;
  }

  public static WorkQueue queue(UnifiedJedis redis) {
    return TestQueues.queue(redis);
  }

  public static Heartbeats heartbeats(UnifiedJedis redis) {
    return TestQueues.heartbeats(redis);
  }

  /**
   * This server among the servers of one Redis, started as the container starts it: its dispatchers
   * take the portable jobs of every context. Stop it with {@link ClusterNode#stop}.
   */
  public static ClusterNode startedNode(
      JobRunner runner,
      Contexts contexts,
      Nodes nodes,
      UnifiedJedis redis,
      Redis connections,
      ManagedScheduledExecutorService scheduler) {
    var queue = TestQueues.queue(redis, connections);
    var recovery = new Recovery();
    recovery.settings = runner.settings;
    recovery.contexts = contexts;
    recovery.queue = queue;
    recovery.heartbeats = runner.heartbeats;
    recovery.nodes = nodes;
    recovery.runner = runner;
    recovery.redis = connections;
    recovery.marks = runner.marks;
    var node = new ClusterNode();
    node.settings = runner.settings;
    node.contexts = contexts;
    node.queue = queue;
    node.heartbeats = runner.heartbeats;
    node.nodes = nodes;
    node.runner = runner;
    node.recovery = recovery;
    node.redis = connections;
    node.scheduler = scheduler;
    node.threads = new StandInThreadFactory();
    node.start(new Object());
    return node;
  }

  /** Stops a node as the container does when the application stops. */
  public static void stop(ClusterNode node) {
    node.stop(new Object());
  }

  private static final class StandInThreadFactory
      implements jakarta.enterprise.concurrent.ManagedThreadFactory {
    @Override
    public Thread newThread(Runnable task) {
      Thread thread = new Thread(task, "test-dispatcher");
      thread.setDaemon(true);
      return thread;
    }

    @Override
    public java.util.concurrent.ForkJoinWorkerThread newThread(
        java.util.concurrent.ForkJoinPool pool) {
      throw new UnsupportedOperationException();
    }
  }

  public static PortableJobs portable(Nodes nodes, UnifiedJedis redis, NodeSettings settings) {
    var portable = new PortableJobs();
    portable.queue = queue(redis);
    portable.nodes = nodes;
    portable.settings = settings;
    return portable;
  }

  /** What the server does when the application stops, with no grace for running jobs. */
  public static void stopServer(JobRunner runner) {
    runner.stop(java.time.Duration.ZERO);
  }

  /** Waits (up to a minute) until {@code condition} holds. */
  public static void eventually(java.util.function.BooleanSupplier condition, String what)
      throws InterruptedException {
    ChildProcessTest.eventually(condition, what);
  }

  /**
   * The text of a failed job's result: the one place that knows how a failure is stored (a list of
   * lines, protocol section 3).
   */
  public static String failureText(Info job) {
    return String.join("", failureLines(job));
  }

  /** A failed job's result, line by line; fails when it is not a list of lines. */
  public static java.util.List<String> failureLines(Info job) {
    return ((jakarta.json.JsonArray) job.result())
        .getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
  }

  /** The line of a failed job's result that says what happened. */
  public static String lastLine(Info job) {
    var lines = failureLines(job);
    return lines.get(lines.size() - 1);
  }
}
