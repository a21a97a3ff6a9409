package io.moi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * bin/moi-server run exactly as a user runs it, on the WAR that mvn package just built: what its
 * log shows, where its redirects point, and that Ctrl-C and SIGTERM stop the server and its jobs.
 * Four boots: one that the tests of its log and redirects share, and one for each way of stopping
 * it, so that the tests pass in any order: a terminal's Ctrl-C, a kill, and SIGINT to a server
 * started as a script's background job.
 */
class ServerScriptIT {

  /** The repository's root, where a user runs bin/moi-server. */
  private static final Path ROOT = Path.of(System.getProperty("it.root", ".."));

  private static final Path DIR =
      Path.of(System.getProperty("it.basedir", ".")).resolve("target/server-script-it");
  private static final Path USERS = DIR.resolve("users.properties");
  private static final Path ADMIN_PASSWORD = DIR.resolve("admin-password");

  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  private static Server first;

  @BeforeAll
  static void startTheServerAsAUserDoes() throws Exception {
    if (Files.exists(DIR)) {
      try (var files = Files.walk(DIR)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    Files.createDirectories(DIR);
    first = Server.start("first");
  }

  @AfterAll
  static void leaveNothingRunning() {
    if (first != null) {
      first.destroy();
    }
  }

  @Test
  void redirectsKeepTheHostAndPortTheClientUsed() throws Exception {
    for (String host : List.of("localhost", "127.0.0.1")) {
      URI base = URI.create("http://" + host + ":" + first.port + "/");

      var home =
          HTTP.send(HttpRequest.newBuilder(base).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(home.statusCode()).as("GET / at %s", base).isBetween(300, 399);
      assertSameOrigin(base, home);

      var wrong = formLogin(base, "admin", "not the password");
      assertThat(wrong.statusCode()).as("a wrong login at %s", base).isBetween(300, 399);
      assertThat(wrong.headers().firstValue("Location")).get().asString().contains("/login.html");
      assertSameOrigin(base, wrong);

      var right = formLogin(base, "admin", adminPassword());
      assertThat(right.statusCode()).as("a right login at %s", base).isBetween(300, 399);
      assertThat(right.headers().allValues("Set-Cookie"))
          .anyMatch(c -> c.startsWith("JSESSIONID="));
      assertSameOrigin(base, right);

      var created = submit(base, "echo redirected");
      assertThat(created.statusCode())
          .as("POST /api/jobs at %s: %s", base, created.body())
          .isEqualTo(201);
      String id = json(created.body()).getString("id");
      assertThat(base.resolve(created.headers().firstValue("Location").orElseThrow()))
          .isEqualTo(base.resolve("/api/info/" + id));
    }
  }

  @Test
  void itListensOnTheLoopbackInterfaceOnlyUnlessMoiBindSaysOtherwise() throws Exception {
    var outside =
        java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces()).stream()
            .flatMap(i -> java.util.Collections.list(i.getInetAddresses()).stream())
            .filter(a -> a instanceof java.net.Inet4Address && !a.isLoopbackAddress())
            .findFirst();
    org.junit.jupiter.api.Assumptions.assumeTrue(
        outside.isPresent(), "this machine has no address but loopback");

    try (var socket = new java.net.Socket()) {
      assertThatThrownBy(
              () -> socket.connect(new java.net.InetSocketAddress(outside.get(), first.port), 5000))
          .as("connecting on " + outside.get())
          .isInstanceOf(java.net.ConnectException.class);
    }
    try (var socket = new java.net.Socket()) {
      socket.connect(new java.net.InetSocketAddress("127.0.0.1", first.port), 5000);
    }
  }

  @Test
  void aListenAddressThatIsNoneStopsTheScriptSayingSo() throws Exception {
    var builder =
        new ProcessBuilder("bin/moi-server")
            .directory(ROOT.toFile())
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    builder.environment().put("MOI_BIND", "my-laptop");
    Process script = builder.start();

    assertThat(script.waitFor(60, TimeUnit.SECONDS)).as("the script ended").isTrue();
    assertThat(script.exitValue()).isEqualTo(2);
    assertThat(new String(script.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
        .contains("MOI_BIND must be an IP address of this machine")
        .contains("'my-laptop'");
  }

  @Test
  void theFirstAdminPasswordStandsOutInAShortLogAndSitsInAnOwnerOnlyFile() throws Exception {
    assertThat(ADMIN_PASSWORD).exists();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(ADMIN_PASSWORD)))
        .isEqualTo("rw-------");
    var me =
        HTTP.send(
            HttpRequest.newBuilder(first.base().resolve("/api/me"))
                .header("Authorization", basic("admin", adminPassword()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(me.statusCode()).isEqualTo(200);

    String log = first.log();
    String passwordLine = "admin password: " + adminPassword();
    assertThat(log).as("the script used the WAR that mvn package built").doesNotContain("building");
    assertThat(log.lines().filter(line -> line.contains(passwordLine)))
        .as("the password line")
        .hasSize(1);
    assertThat(log)
        .contains("also in " + ADMIN_PASSWORD.toAbsolutePath() + " (readable by its owner only)");
    assertThat(log).contains("#".repeat(78));
    assertThat(log).doesNotContain("\u001b");
    // What Payara Micro prints by default: expired certificates of the JDK's trust store in
    // full, and deployment warnings about descriptors moi does not have.
    assertThat(log).doesNotContain("has expired", "Certificate Extensions", "AS-DEPLOYMENT-");
  }

  @Test
  void ctrlCInTheTerminalStopsTheServerAndHandsItsJobsBack() throws Exception {
    // A Redis of its own: on the shared one, the first server could take the job from the queue.
    try (PersistentRedis own = PersistentRedis.start(DIR.resolve("ctrl-c-redis"))) {
      Server stopped = Server.start("ctrl-c", "--default-signal=INT", own.url());
      try {
        ctrlCStopsTheServerAndHandsItsJobsBack(stopped, own);
      } finally {
        stopped.destroy();
      }
    }
  }

  private void ctrlCStopsTheServerAndHandsItsJobsBack(Server stopped, PersistentRedis own)
      throws Exception {
    var created = submit(stopped.base(), "sleep 90");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String id = json(created.body()).getString("id");
    var running =
        HTTP.send(
            HttpRequest.newBuilder(
                    stopped.base().resolve("/api/info/" + id + "?after=Queued&wait=60"))
                .header("Authorization", basic("admin", adminPassword()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(json(running.body()).getString("status")).isEqualTo("Running");
    ProcessHandle java = stopped.java();
    List<ProcessHandle> sleep =
        java.descendants()
            .filter(p -> p.info().commandLine().orElse("").contains("sleep 90"))
            .toList();
    assertThat(sleep).as("the job's process").isNotEmpty();

    try {
      // A terminal's Ctrl-C: SIGINT to every process of the foreground process group.
      stopped.signalGroup("INT");

      assertThat(stopped.process.waitFor(180, TimeUnit.SECONDS)).as("the script ended").isTrue();
      assertThat(stopped.process.exitValue()).as("died of SIGINT (128 + 2)").isEqualTo(130);
      assertThat(java.isAlive()).as("the server's java process").isFalse();
      JsonObject info;
      List<redis.clients.jedis.resps.StreamEntry> queued;
      try (Jedis redis = own.client()) {
        info = json(redis.get(id));
        queued =
            redis
                .xrange("moi:queue:default", (redis.clients.jedis.StreamEntryID) null, null)
                .stream()
                .filter(entry -> id.equals(entry.getFields().get("job")))
                .toList();
      }
      // The job went back to the queue for another server (or this one, restarted).
      assertThat(info.getString("status")).isEqualTo("Queued");
      assertThat(info.isNull("date_start")).isTrue();
      assertThat(queued)
          .as("the job's queue entry")
          .singleElement()
          .satisfies(
              entry ->
                  assertThat(entry.getFields().get("restart"))
                      .as("bin/moi-server names its server <hostname>-<port>")
                      .startsWith("server ")
                      .endsWith("-" + stopped.port() + " stopped"));
      assertThat(sleep).as("processes of the job still running").noneMatch(ProcessHandle::isAlive);
    } finally {
      sleep.forEach(ProcessHandle::destroyForcibly);
    }
  }

  @Test
  void sigtermToTheScriptAloneStopsTheServer() throws Exception {
    Server second = Server.start("second");
    try {
      ProcessHandle java = second.java();
      new ProcessBuilder("kill", "-TERM", String.valueOf(second.process.pid()))
          .inheritIO()
          .start()
          .waitFor();

      assertThat(second.process.waitFor(180, TimeUnit.SECONDS)).as("the script ended").isTrue();
      assertThat(second.process.exitValue()).as("died of SIGTERM (128 + 15)").isEqualTo(143);
      assertThat(java.isAlive()).as("the server's java process").isFalse();
      assertThat(second.log()).contains("moi-server: stopped (TERM)");
    } finally {
      second.destroy();
    }
  }

  @Test
  void startedInTheBackgroundOfAScriptSigintStillStopsTheServer() throws Exception {
    // `bin/moi-server &` in a script: the shell starts it with SIGINT ignored
    Server third = Server.start("third", "--ignore-signal=INT");
    try {
      ProcessHandle java = third.java();
      new ProcessBuilder("kill", "-INT", String.valueOf(third.process.pid()))
          .inheritIO()
          .start()
          .waitFor();

      assertThat(third.process.waitFor(180, TimeUnit.SECONDS)).as("the script ended").isTrue();
      assertThat(third.process.exitValue()).as("died of SIGINT (128 + 2)").isEqualTo(130);
      assertThat(java.isAlive()).as("the server's java process").isFalse();
    } finally {
      third.destroy();
    }
  }

  /** One run of bin/moi-server, in a process group of its own as a terminal's shell starts it. */
  record Server(Process process, int port, Path logFile) {

    static Server start(String name) throws Exception {
      return start(name, "--default-signal=INT");
    }

    static Server start(String name, String sigint) throws Exception {
      return start(name, sigint, "redis://" + ItRedis.HOST + ":" + ItRedis.port());
    }

    static Server start(String name, String sigint, String redisUrl) throws Exception {
      int port;
      try (var socket = new ServerSocket(0)) {
        port = socket.getLocalPort();
      }
      Path log = DIR.resolve(name + ".log");
      // setsid: the script leads its own process group, as a shell's foreground job does; env
      // gives it the default handling of SIGINT that a shell gives its foreground jobs, even
      // when the build itself was started with SIGINT ignored.
      var builder =
          new ProcessBuilder("setsid", "env", sigint, "bin/moi-server")
              .directory(ROOT.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      Map<String, String> env = builder.environment();
      env.keySet().removeIf(key -> key.startsWith("MOI_") || key.equals("REDIS_URL"));
      env.put("MOI_PORT", String.valueOf(port));
      env.put("REDIS_URL", redisUrl);
      env.put("MOI_USERS_FILE", USERS.toString());
      var server = new Server(builder.start(), port, log);
      server.process.getOutputStream().close();
      server.awaitReady();
      return server;
    }

    URI base() {
      return URI.create("http://localhost:" + port + "/");
    }

    String log() throws IOException {
      return Files.readString(logFile, StandardCharsets.UTF_8);
    }

    /** The server started as a child of the script. */
    ProcessHandle java() {
      return process
          .children()
          .filter(p -> p.info().command().orElse("").endsWith("java"))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no java process under the script"));
    }

    void signalGroup(String signal) throws Exception {
      long pid = process.pid();
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      long group = Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[2]);
      assertThat(group).as("the script leads its process group").isEqualTo(pid);
      new ProcessBuilder("kill", "-" + signal, "--", "-" + group).inheritIO().start().waitFor();
    }

    private void awaitReady() throws Exception {
      try {
        Eventually.until(
            Duration.ofMinutes(5),
            "bin/moi-server ready",
            () -> {
              if (!process.isAlive()) {
                throw new AssertionError("bin/moi-server ended");
              }
              return log().contains("moi-server: moi is ready at http://localhost:" + port + "/");
            });
      } catch (AssertionError notReady) {
        destroy();
        throw new AssertionError(notReady.getMessage() + "; its log:\n" + log(), notReady);
      }
    }

    void destroy() {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
  }

  private static HttpResponse<String> formLogin(URI base, String user, String password)
      throws Exception {
    // as a browser posts the sign-in form: from the page's own origin
    return HTTP.send(
        HttpRequest.newBuilder(base.resolve("/login"))
            .header("Origin", base.getScheme() + "://" + base.getHost() + ":" + base.getPort())
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "username="
                        + user
                        + "&password="
                        + URLEncoder.encode(password, StandardCharsets.UTF_8)))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> submit(URI base, String command) throws Exception {
    String body =
        Json.createObjectBuilder().add("cmd", command).add("cmdType", "system").build().toString();
    return HTTP.send(
        HttpRequest.newBuilder(base.resolve("/api/jobs"))
            .header("Authorization", basic("admin", adminPassword()))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static void assertSameOrigin(URI base, HttpResponse<String> response) {
    URI location = base.resolve(response.headers().firstValue("Location").orElseThrow());
    assertThat(location.getHost()).as("host of %s", location).isEqualTo(base.getHost());
    assertThat(location.getPort()).as("port of %s", location).isEqualTo(base.getPort());
  }

  private static String adminPassword() throws IOException {
    return Files.readString(ADMIN_PASSWORD, StandardCharsets.UTF_8).strip();
  }

  private static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private static JsonObject json(String text) {
    try (var reader = Json.createReader(new StringReader(text))) {
      return reader.readObject();
    }
  }

  /** The last element of a failure's list of lines: the one that says what happened. */
  private static String lastLine(JsonObject info) {
    var lines = info.getJsonArray("result");
    return lines.getString(lines.size() - 1);
  }
}
