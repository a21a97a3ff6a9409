package io.moi.live.control;

import io.moi.tree.control.TestTree;

/** The live side's control beans wired as the container would, on a test's tree. */
public final class TestLive {

  public final Connections connections = new Connections();
  public final Subtrees subtrees = new Subtrees();
  public final ClientFrames frames = new ClientFrames();
  public final Fanout fanout = new Fanout();
  public final Resync resync = new Resync();

  public TestLive(TestTree tree) {
    subtrees.nodes = tree.nodes;
    subtrees.walker = tree.walker;
    frames.nodes = tree.nodes;
    frames.subtrees = subtrees;
    fanout.connections = connections;
    fanout.subtrees = subtrees;
    fanout.nodes = tree.nodes;
    fanout.walker = tree.walker;
    fanout.own = tree.own;
    resync.connections = connections;
    resync.subtrees = subtrees;
    resync.nodes = tree.nodes;
    resync.own = tree.own;
  }
}
