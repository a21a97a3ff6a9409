package io.moi;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Two moi servers on one Redis of their own (append-only file on), as separate Payara Micro
 * processes started as {@code bin/moi-server} starts them: what the tests of several servers share.
 * Close it to stop both servers and the Redis.
 */
public final class ServerPair implements AutoCloseable {

  private final PersistentRedis redis;
  private final MoiServer a;
  private final MoiServer b;

  private ServerPair(PersistentRedis redis, MoiServer a, MoiServer b) {
    this.redis = redis;
    this.a = a;
    this.b = b;
  }

  /**
   * Starts a Redis with its data under {@code target/<folder>} and two servers with the node IDs
   * {@code <prefix>-a} and {@code <prefix>-b} and these settings, booting them side by side.
   */
  public static ServerPair start(String folder, String prefix, Map<String, String> settings)
      throws Exception {
    ItAccounts.write();
    var redis =
        PersistentRedis.start(
            Path.of(System.getProperty("it.basedir", ".")).resolve("target/" + folder + "/redis"));
    var first = CompletableFuture.supplyAsync(() -> boot(prefix + "-a", redis, settings));
    var second = CompletableFuture.supplyAsync(() -> boot(prefix + "-b", redis, settings));
    // Both boots are awaited before anything fails: a server that started is stopped again.
    var pair =
        new ServerPair(
            redis, first.exceptionally(e -> null).join(), second.exceptionally(e -> null).join());
    if (pair.a == null || pair.b == null) {
      pair.close();
      (pair.a == null ? first : second).join(); // throws why it did not start
    }
    return pair;
  }

  private static MoiServer boot(
      String nodeId, PersistentRedis redis, Map<String, String> settings) {
    try {
      return MoiServer.start(nodeId, redis.url(), settings);
    } catch (Exception e) {
      throw new IllegalStateException("server " + nodeId + " did not start", e);
    }
  }

  public MoiServer a() {
    return a;
  }

  public MoiServer b() {
    return b;
  }

  public PersistentRedis redis() {
    return redis;
  }

  @Override
  public void close() throws Exception {
    for (MoiServer server : new MoiServer[] {a, b}) {
      if (server != null) {
        server.close();
      }
    }
    redis.close();
  }
}
