package io.moi.live.boundary;

import io.moi.live.control.TestLanes;
import io.moi.live.control.TestLive;
import io.moi.tree.control.TestTree;

/** A {@link LiveHub} wired as the container would, on a test's tree, live side and lanes. */
final class TestHub {

  private TestHub() {}

  static LiveHub wired(TestTree tree, TestLive live, TestLanes lanes, int maxQueue) {
    var hub = new LiveHub();
    hub.nodes = tree.nodes;
    hub.users = tree.users;
    hub.lanes = lanes.lanes;
    hub.connections = live.connections;
    hub.subtrees = live.subtrees;
    hub.frames = live.frames;
    hub.maxQueue = maxQueue;
    return hub;
  }
}
