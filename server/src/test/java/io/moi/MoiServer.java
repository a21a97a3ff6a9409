package io.moi;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One moi server in a Payara Micro process of its own, started as bin/moi-server starts it (the WAR
 * and the runtime that mvn package built, the same pre-boot commands and log properties, the
 * integration tests' post-boot commands), for tests that run several servers on one Redis and kill
 * or stop them. The JVM leads a process group of its own, so that a kill reaches the server and
 * nothing of the build. Settings are system properties of that JVM; each server gets its own
 * temporary folder (jobs' working folders live there, so a job's {@code pwd} tells which server ran
 * it) and its log under {@code target/cluster-it}.
 */
public final class MoiServer implements AutoCloseable {

  private static final Duration BOOT = Duration.ofSeconds(120);
  private static final Path BASE = Path.of(System.getProperty("it.basedir", ".")).toAbsolutePath();

  /** The repository's root, where server-config/ is. */
  private static final Path ROOT = Path.of(System.getProperty("it.root", "..")).toAbsolutePath();

  private static final Set<MoiServer> RUNNING = ConcurrentHashMap.newKeySet();
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();

  static {
    // A test JVM that ends without closing its servers (a failure in a @BeforeAll, a
    // Ctrl-C of the build) takes them along.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(MoiServer::killQuietly)));
  }

  private final String nodeId;
  private final int port;
  private final Path dir;
  private final Map<String, String> settings;
  private Process process;

  private MoiServer(String nodeId, int port, Map<String, String> settings) {
    this.nodeId = nodeId;
    this.port = port;
    this.dir = BASE.resolve("target/cluster-it").resolve(nodeId);
    this.settings = settings;
  }

  /**
   * Starts a server with node ID {@code nodeId} on the Redis at {@code redisUrl} and waits until it
   * is ready. {@code settings} are moi's settings as system properties, e.g. {@code
   * moi.node.timeout=5s}; the IT account file ({@link ItAccounts}) is used.
   */
  public static MoiServer start(String nodeId, String redisUrl, Map<String, String> settings)
      throws Exception {
    Map<String, String> all = new LinkedHashMap<>();
    all.put("redis.url", redisUrl);
    all.put("moi.node.id", nodeId);
    all.put("moi.users.file", System.getProperty("it.users.file"));
    all.putAll(settings);
    var server = new MoiServer(nodeId, freePort(), all);
    deleteTree(server.dir);
    Files.createDirectories(server.dir.resolve("tmp"));
    server.launch();
    return server;
  }

  public String nodeId() {
    return nodeId;
  }

  public URI baseUrl() {
    return URI.create("http://127.0.0.1:" + port + "/");
  }

  /** The Payara Micro JVM, which leads the server's process group. */
  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process != null && process.isAlive();
  }

  /** Every start of this node ID appends to the same log. */
  public Path log() {
    return dir.resolve("server.log");
  }

  /** The folder under which this server's jobs get their working folders. */
  public Path tmp() {
    return dir.resolve("tmp");
  }

  /** The processes the server started and that are still alive (jobs' shells, their children). */
  public List<ProcessHandle> descendants() {
    return isAlive() ? process.descendants().toList() : List.of();
  }

  /**
   * SIGKILL to the server's whole process group and to every process below it (jobs run in groups
   * of their own), as if its machine had died; returns once the JVM is gone.
   */
  public void kill9() throws Exception {
    if (!isAlive()) {
      return;
    }
    List<ProcessHandle> below = process.descendants().toList();
    // Only a group that this server leads: never the build's own.
    if (processGroup(process.pid()) == process.pid()) {
      signal("KILL", "-" + process.pid());
    }
    process.destroyForcibly();
    below.forEach(ProcessHandle::destroyForcibly);
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("server " + nodeId + " (pid " + pid() + ") survived SIGKILL");
    }
    for (ProcessHandle p : below) {
      p.onExit().get(10, TimeUnit.SECONDS);
    }
    RUNNING.remove(this);
  }

  /**
   * SIGTERM to the JVM, as {@code docker stop} or an init system sends it; returns the exit status
   * once it has exited, or throws (after killing it) when it takes longer than {@code limit}.
   */
  public int stop(Duration limit) throws Exception {
    if (!isAlive()) {
      return process == null ? 0 : process.exitValue();
    }
    signal("TERM", String.valueOf(process.pid()));
    if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
      kill9();
      throw new AssertionError(
          "server " + nodeId + " did not stop within " + limit + " of SIGTERM");
    }
    RUNNING.remove(this);
    return process.exitValue();
  }

  /**
   * Starts the server again, with the same node ID, port and settings, and waits until it is ready.
   */
  public void restart() throws Exception {
    if (isAlive()) {
      throw new IllegalStateException("server " + nodeId + " is still running");
    }
    launch();
  }

  @Override
  public void close() {
    killQuietly(this);
  }

  @Override
  public String toString() {
    return nodeId + "@" + port;
  }

  private void launch() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of("setsid", java));
    command.addAll(
        List.of(
            System.getProperty("it.server.opts", "-Xmx512m -XX:+UseParallelGC")
                .trim()
                .split("\\s+")));
    command.add("-Djava.io.tmpdir=" + tmp());
    settings.forEach((name, value) -> command.add("-D" + name + "=" + value));
    command.addAll(
        List.of(
            "-jar",
            built("payara.microJar", "target/payara-micro.jar"),
            "--deploy",
            built("it.war", "target/moi.war"),
            "--contextroot",
            "/",
            "--port",
            String.valueOf(port),
            "--nohazelcast",
            "--logproperties",
            ROOT.resolve("server-config/logging.properties").toString(),
            "--prebootcommandfile",
            built("it.preboot", ROOT.resolve("server-config/pre-boot-commands.asadmin").toString()),
            "--postbootcommandfile",
            built("it.postboot", "target/it-post-boot-commands.asadmin")));
    Files.writeString(
        log(),
        "==== "
            + Instant.now()
            + " starting "
            + nodeId
            + " on port "
            + port
            + ": "
            + String.join(" ", command)
            + "\n",
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
    var builder =
        new ProcessBuilder(command)
            .directory(BASE.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
    builder
        .environment()
        .keySet()
        .removeIf(key -> key.startsWith("MOI_") || key.equals("REDIS_URL"));
    process = builder.start();
    RUNNING.add(this);
    awaitReady();
  }

  private void awaitReady() throws Exception {
    Instant deadline = Instant.now().plus(BOOT);
    while (readyStatus() != 200) {
      if (!process.isAlive()) {
        throw new AssertionError(
            "server "
                + nodeId
                + " exited ("
                + process.exitValue()
                + ") before it was ready; "
                + "its log, "
                + log()
                + ":\n"
                + tail());
      }
      if (Instant.now().isAfter(deadline)) {
        kill9();
        throw new AssertionError(
            "server "
                + nodeId
                + " was not ready within "
                + BOOT
                + "; its log, "
                + log()
                + ":\n"
                + tail());
      }
      Thread.sleep(250);
    }
  }

  private int readyStatus() {
    try {
      return HTTP.send(
              HttpRequest.newBuilder(baseUrl().resolve("/health/ready"))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException notListening) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private String tail() throws IOException {
    List<String> lines = Files.readAllLines(log(), StandardCharsets.UTF_8);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
  }

  private static void killQuietly(MoiServer server) {
    try {
      server.kill9();
    } catch (Exception e) {
      System.err.println("could not kill server " + server + ": " + e);
    }
  }

  /** The process group of a process, from /proc (field 5 of its stat line). */
  private static long processGroup(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[2]);
    } catch (IOException gone) {
      return -1;
    }
  }

  private static void signal(String signal, String target) throws Exception {
    new ProcessBuilder("kill", "-" + signal, "--", target).inheritIO().start().waitFor();
  }

  /** A file that failsafe names in a system property, or where the build puts it. */
  private static String built(String property, String path) {
    return System.getProperty(property, BASE.resolve(path).toString());
  }

  private static int freePort() throws IOException {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
