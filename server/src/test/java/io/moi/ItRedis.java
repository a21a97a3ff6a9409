package io.moi;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.ShutdownParams;

/**
 * The integration tests' redis-server (started by the build on a free port): a client, and a way to
 * stop it and start it again on the same port with its data.
 */
public final class ItRedis {

  public static final String HOST = "127.0.0.1";

  private ItRedis() {}

  public static int port() {
    return Integer.getInteger("it.redis.port");
  }

  public static Jedis client() {
    return new Jedis(HOST, port());
  }

  /** A section of INFO, on a connection of its own. */
  public static String info(String section) {
    try (Jedis redis = client()) {
      return redis.info(section);
    }
  }

  /**
   * Writes a node as another server (or the original moi) would, in one transaction: the info; for
   * {@code "add"}, its place in its parent's set and the message on the parent's channel; for
   * {@code "update"}, the message on its own channel.
   */
  public static void writeElsewhere(io.moi.tree.entity.Info info, String action) {
    try (var redis = client()) {
      var write = redis.multi();
      write.set(info.id(), info.toJson());
      String channel = info.id();
      if (action.equals("add")) {
        write.sadd(io.moi.redis.RedisKeys.children(info.parent()), info.id());
        channel = info.parent();
      }
      write.publish(
          io.moi.redis.RedisKeys.pubsub(channel), "{\"" + action + "\": [\"" + info.id() + "\"]}");
      write.exec();
    }
  }

  /** Stops the server, saving its data so that {@link #start()} brings it back. */
  public static void stop() {
    try (Jedis redis = client()) {
      redis.shutdown(ShutdownParams.shutdownParams().save());
    } catch (JedisException expected) {
      // the connection closes as the server goes down
    }
  }

  public static void start() throws Exception {
    String dir = System.getProperty("it.redis.dir");
    var process =
        new ProcessBuilder(
                "redis-server",
                "--port",
                String.valueOf(port()),
                "--bind",
                HOST,
                "--save",
                "",
                "--appendonly",
                "no",
                "--enable-debug-command",
                "local",
                "--daemonize",
                "yes",
                "--dir",
                dir,
                "--dbfilename",
                "redis-it.rdb",
                "--pidfile",
                dir + "/redis-it.pid",
                "--logfile",
                dir + "/redis-it.log")
            .inheritIO()
            .start();
    if (process.waitFor() != 0) {
      throw new IllegalStateException("redis-server did not start");
    }
    for (int i = 0; i < 100; i++) {
      try (Jedis redis = client()) {
        redis.ping();
        return;
      } catch (JedisException notYet) {
        Thread.sleep(50);
      }
    }
    throw new IllegalStateException("redis-server does not answer");
  }
}
