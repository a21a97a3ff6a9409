package io.moi.jobs.boundary;

import io.moi.jobs.control.TestJobBeans;
import io.moi.tree.control.Nodes;
import io.moi.tree.control.TestNodes;
import io.moi.tree.control.Users;
import redis.clients.jedis.UnifiedJedis;

/** {@link Jobs} as the container would make it, for what needs only nodes and users (groups). */
public final class TestJobs {

  private TestJobs() {}

  public static Jobs of(Nodes nodes, Users users) {
    var jobs = new Jobs();
    jobs.nodes = nodes;
    jobs.users = users;
    jobs.groups = TestNodes.groups(nodes, users);
    return jobs;
  }

  /**
   * {@link Jobs} that puts code jobs in their context's queue (where nothing takes them) and
   * creates groups. Bind the {@code default} context's executor ({@code concurrent/moi-default})
   * with {@code io.moi.Bindings} first.
   */
  public static Jobs queueing(Nodes nodes, Users users, UnifiedJedis redis) {
    var jobs = of(nodes, users);
    var settings = TestJobBeans.defaultSettings();
    jobs.portable = TestJobBeans.portable(nodes, redis, TestJobBeans.nodeSettings(settings));
    jobs.results = TestJobBeans.results();
    jobs.contexts = TestJobBeans.contexts(settings);
    return jobs;
  }
}
