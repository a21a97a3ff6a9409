package io.moi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The packaged command line: target/moi-cli.jar run as {@code java -jar}, as bin/moi runs it.
 * Jersey finds its parts through META-INF/services, so only the real jar shows they survived the
 * packing; and none of it may leak into the WAR, where Payara has its own Jersey.
 */
class CliJarIT {

  private static final Path WAR = Path.of(System.getProperty("it.war", "target/moi.war"));

  private static Runs.Outcome java(Map<String, String> env, String... args) {
    return Runs.packaged(env, args);
  }

  @Test
  void helpListsTheCommands() throws Exception {
    var ran = java(Map.of(), "--help");
    assertThat(ran.exitCode()).isZero();
    assertThat(ran.out()).contains("submit", "job", "userjobs", "users", "cancel", "rerun");
  }

  @Test
  void talksToTheServerWithJerseyFromTheJar() throws Exception {
    try (var server = new FakeMoi()) {
      server.put(Infos.job("j-1", "packed", "Running").build());
      var ran =
          java(
              Map.of(
                  "MOI_URL",
                  server.url(),
                  "MOI_USERNAME",
                  FakeMoi.USER,
                  "MOI_PASSWORD",
                  FakeMoi.PASSWORD),
              "job",
              "--job-id",
              "j-1");
      assertThat(ran.err()).isEmpty();
      assertThat(ran.exitCode()).isZero();
      assertThat(ran.out())
          .startsWith("********** j-1 **********\n")
          .contains("name\t\t: packed\n");
    }
  }

  @Test
  void unreachableServerIsOneClearLineWithoutLogsOrStackTrace() throws Exception {
    int closed;
    try (var socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    var ran =
        java(
            Map.of("MOI_USERNAME", "a", "MOI_PASSWORD", "b"),
            "users",
            "--url",
            "http://127.0.0.1:" + closed);
    assertThat(ran.exitCode()).isEqualTo(1);
    assertThat(ran.err())
        .isEqualTo(
            "cannot reach moi at http://127.0.0.1:"
                + closed
                + ": connection refused; is the server running? (bin/moi-server)\n");
  }

  @Test
  void anUnknownOptionIsNamedWithTheUsageAndExitStatusTwo() throws Exception {
    var ran = java(Map.of(), "submit", "--colour");
    assertThat(ran.exitCode()).isEqualTo(2);
    assertThat(ran.err()).startsWith("Unknown option: '--colour'\n").contains("Usage: moi submit");
    assertThat(ran.out()).isEmpty();
  }

  @Test
  void theWarHasNeitherTheCommandLineNorItsLibraries() throws IOException {
    try (var war = new ZipFile(WAR.toFile())) {
      assertThat(war.stream().map(ZipEntry::getName))
          .isNotEmpty()
          .noneMatch(name -> name.startsWith("WEB-INF/classes/io/moi/cli/"))
          .noneMatch(
              name ->
                  name.matches(
                      "WEB-INF/lib/(jersey|hk2|picocli|parsson|jakarta\\.|javassist|aopalliance).*"));
    }
  }
}
