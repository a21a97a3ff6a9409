package io.moi;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * A redis-server of a test's own, on a free port, with the append-only file on (fsync every second,
 * as a production Redis that keeps jobs would run): a clean {@link #restart()} loses nothing it
 * acknowledged. Its data and log live in a folder of its own.
 */
public final class PersistentRedis implements AutoCloseable {

  public static final String HOST = "127.0.0.1";

  private final Path dir;
  private final int port;
  private Process wrapper;

  private PersistentRedis(Path dir, int port) {
    this.dir = dir;
    this.port = port;
  }

  /** Starts an empty server whose data goes to {@code dir} (created; emptied first). */
  public static PersistentRedis start(Path dir) throws Exception {
    MoiServer.deleteTree(dir);
    Files.createDirectories(dir);
    var redis = new PersistentRedis(dir, freePort());
    redis.launch();
    return redis;
  }

  public int port() {
    return port;
  }

  public String url() {
    return "redis://" + HOST + ":" + port;
  }

  public Jedis client() {
    return new Jedis(HOST, port);
  }

  /**
   * SHUTDOWN (which writes out the append-only file), then a new server on the same port and data.
   */
  public void restart() throws Exception {
    shutdown();
    launch();
  }

  /** Asks the server to shut down cleanly and waits until its process has gone. */
  public void shutdown() throws Exception {
    try (Jedis redis = client()) {
      redis.shutdown();
    } catch (JedisException expected) {
      // the connection closes as the server goes down
    }
    Instant deadline = Instant.now().plusSeconds(30);
    while (answers()) {
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("redis-server on port " + port + " did not shut down");
      }
      Thread.sleep(50);
    }
    closeWrapper();
  }

  @Override
  public void close() throws Exception {
    if (wrapper != null && wrapper.isAlive()) {
      shutdown();
    }
  }

  private void launch() throws Exception {
    // The server lives as long as this JVM holds the shell's standard input open (as in
    // LocalRedis): a test JVM killed outright still takes its redis-server along.
    wrapper =
        new ProcessBuilder(
                "/bin/sh",
                "-c",
                "redis-server \"$@\" </dev/null & server=$!; cat >/dev/null; kill $server 2>/dev/null; wait $server",
                "sh",
                "--port",
                String.valueOf(port),
                "--bind",
                HOST,
                "--dir",
                dir.toString(),
                "--appendonly",
                "yes",
                "--appendfsync",
                "everysec",
                "--save",
                "",
                "--logfile",
                dir.resolve("redis.log").toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    while (!answers()) {
      if (!wrapper.isAlive() || Instant.now().isAfter(deadline)) {
        closeWrapper();
        throw new IllegalStateException(
            "redis-server did not start on port " + port + "; see " + dir.resolve("redis.log"));
      }
      Thread.sleep(25);
    }
  }

  private boolean answers() {
    try (Jedis redis = client()) {
      // LOADING while it reads the append-only file back counts as not answering yet
      return "PONG".equals(redis.ping());
    } catch (JedisException notYet) {
      return false;
    }
  }

  private void closeWrapper() throws Exception {
    if (wrapper == null) {
      return;
    }
    try {
      wrapper.getOutputStream().close();
    } catch (IOException alreadyClosed) {
      // the shell has gone already
    }
    if (!wrapper.waitFor(30, TimeUnit.SECONDS)) {
      wrapper.destroyForcibly();
    }
    wrapper = null;
  }

  private static int freePort() throws IOException {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
