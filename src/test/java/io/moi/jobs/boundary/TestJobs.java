package io.moi.jobs.boundary;

import io.moi.tree.control.Nodes;
import io.moi.tree.control.Users;

/** {@link Jobs} as the container would make it, for what needs only nodes and users (groups). */
public final class TestJobs {

  private TestJobs() {}

  public static Jobs of(Nodes nodes, Users users) {
    var jobs = new Jobs();
    jobs.nodes = nodes;
    jobs.users = users;
    return jobs;
  }
}
