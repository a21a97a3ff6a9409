package io.moi.jobs.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class JobEnvironmentTest {

  private static final Map<String, String> SERVER =
      Map.of(
          "PATH", "/usr/bin:/bin",
          "LANG", "C.UTF-8",
          "HOME", "/home/moi",
          "REDIS_URL", "redis://:hunter2@127.0.0.1:6390",
          "MOI_PASSWORD", "admin-secret",
          "MOI_USERS_FILE", "/srv/moi/users.properties",
          "JAVA_TOOL_OPTIONS", "-Dsecret=1");

  @Test
  void aJobSeesTheAllowListMoisOwnVariablesAndNothingElseOfTheServers() {
    var env =
        new JobEnvironment(SERVER, List.of("GREETING=hello, world", "EMPTY="))
            .forJob("job-1", JobUser.serversOwn(), Path.of("/tmp/moi-job-1"));
    assertThat(env)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "PATH", "/usr/bin:/bin",
                "LANG", "C.UTF-8",
                "HOME", "/home/moi",
                "TMPDIR", "/tmp/moi-job-1",
                "MOI_JOB_ID", "job-1",
                "MOI_STATUS_FILE", "/tmp/moi-job-1/moi-status",
                "GREETING", "hello, world",
                "EMPTY", ""));
  }

  @Test
  void aSystemJobsEnvShowsNoneOfTheServersVariables() throws Exception {
    var processes =
        new JobProcesses(
            new ProcessLimits(Duration.ofMinutes(1), 65536),
            JobUser.serversOwn(),
            new JobEnvironment(SERVER, List.of("GREETING=hello")));
    String env = (String) SystemCommand.run("env", processes, "job-env").get(0);
    Map<String, String> seen =
        env.lines()
            .filter(line -> line.contains("="))
            .collect(
                Collectors.toMap(
                    line -> line.substring(0, line.indexOf('=')),
                    line -> line.substring(line.indexOf('=') + 1)));
    // PWD is the shell's own.
    assertThat(seen.keySet())
        .containsExactlyInAnyOrder(
            "PATH", "LANG", "HOME", "TMPDIR", "MOI_JOB_ID", "MOI_STATUS_FILE", "GREETING", "PWD");
    assertThat(seen).containsEntry("MOI_JOB_ID", "job-env").containsEntry("GREETING", "hello");
    assertThat(env).doesNotContain("hunter2", "admin-secret", "users.properties", "6390");
  }

  @Test
  void theTestsOwnEnvironmentDoesNotReachAJob() throws Exception {
    String env = (String) SystemCommand.run("env").get(0);
    Set<String> names =
        env.lines()
            .filter(line -> line.contains("="))
            .map(line -> line.substring(0, line.indexOf('=')))
            .collect(Collectors.toSet());
    var allowed =
        new HashSet<>(
            Arrays.asList(
                "PATH", "LANG", "LC_ALL", "LC_CTYPE", "HOME", "TMPDIR", "MOI_STATUS_FILE", "PWD"));
    assertThat(allowed).containsAll(names);
    assertThat(System.getenv().keySet()).anyMatch(name -> !allowed.contains(name));
  }

  @Test
  void moiJobEnvMustBeNamesWithValuesAndCannotSetMoisOwn() {
    assertThatThrownBy(() -> new JobEnvironment(SERVER, List.of("NOVALUE")))
        .hasMessageContaining("moi.job.env must be NAME=VALUE pairs");
    assertThatThrownBy(() -> new JobEnvironment(SERVER, List.of("1BAD=x")))
        .hasMessageContaining("moi.job.env must be NAME=VALUE pairs");
    assertThatThrownBy(() -> new JobEnvironment(SERVER, List.of("TMPDIR=/tmp")))
        .hasMessageContaining("moi.job.env cannot set TMPDIR");
    assertThatThrownBy(() -> new JobEnvironment(SERVER, List.of("MOI_STATUS_FILE=/dev/null")))
        .hasMessageContaining("moi.job.env cannot set MOI_STATUS_FILE");
  }
}
