package io.moi;

import java.io.IOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * A real redis-server for a unit test class: started from the {@code PATH} on a free port before
 * the class, emptied before each test, stopped after the class. Nothing is saved to disk.
 *
 * <pre>{@code @RegisterExtension static final LocalRedis REDIS = new LocalRedis();}</pre>
 */
public final class LocalRedis implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {

  private static final String HOST = "127.0.0.1";

  private Process server;
  private Thread stopAtExit;
  private UnifiedJedis client;
  private int port;

  /** A client of the running server, shared by the test class. */
  public UnifiedJedis client() {
    if (client == null) {
      throw new IllegalStateException(
          "redis-server is not running: register LocalRedis as a static extension");
    }
    return client;
  }

  /** The server's URL, {@code redis://127.0.0.1:<port>}. */
  public String url() {
    return "redis://" + HOST + ":" + port;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    port = freePort();
    try {
      // The server lives as long as this JVM holds the shell's standard input open: killed
      // (PIT ends a test run that timed out with SIGKILL, which runs no shutdown hook), the
      // JVM's end closes the pipe, cat returns, and the shell stops the server.
      server =
          new ProcessBuilder(
                  "/bin/sh",
                  "-c",
                  "redis-server \"$@\" </dev/null & server=$!; cat >/dev/null; kill $server; wait $server",
                  "sh",
                  "--port",
                  String.valueOf(port),
                  "--bind",
                  HOST,
                  "--save",
                  "",
                  "--appendonly",
                  "no",
                  "--dir",
                  System.getProperty("java.io.tmpdir"))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot start redis-server (install it: apt-get install redis-server): " + e.getMessage(),
          e);
    }
    // A JVM that exits before afterAll still stops its server.
    Process started = server;
    stopAtExit = new Thread(() -> stop(started));
    Runtime.getRuntime().addShutdownHook(stopAtExit);
    client = new JedisPooled(HOST, port);
    try {
      awaitPing(port);
    } catch (RuntimeException | InterruptedException e) {
      afterAll(context);
      throw e;
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    client.flushAll();
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (client != null) {
      client.close();
      client = null;
    }
    if (server != null) {
      stop(server);
      server.waitFor();
      server = null;
    }
    if (stopAtExit != null) {
      Runtime.getRuntime().removeShutdownHook(stopAtExit);
      stopAtExit = null;
    }
  }

  private static void stop(Process server) {
    try {
      server.getOutputStream().close();
    } catch (IOException alreadyClosed) {
      // the shell has gone already, and its server with it
    }
  }

  private void awaitPing(int port) throws InterruptedException {
    // Polls until the server answers: it needs a few milliseconds to open its port.
    for (int attempt = 0; attempt < 800; attempt++) {
      if (!server.isAlive()) {
        throw new IllegalStateException(
            "redis-server exited with status " + server.exitValue() + " on port " + port);
      }
      try {
        client.ping();
        return;
      } catch (JedisException notYet) {
        Thread.sleep(25);
      }
    }
    throw new IllegalStateException("redis-server does not answer on port " + port);
  }

  private static int freePort() throws IOException {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
