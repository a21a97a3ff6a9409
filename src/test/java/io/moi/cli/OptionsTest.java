package io.moi.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.Json;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class OptionsTest {

  private static CommandLine parsed(Map<String, String> env, String... args) {
    CommandLine cli = Moi.commandLine(env, new Runs.NoConsole());
    cli.parseArgs(args);
    return cli;
  }

  private static SubmitCommand submit(String... args) {
    return parsed(Map.of(), args).getSubcommands().get("submit").getCommand();
  }

  private static URI server(Map<String, String> env, String... args) {
    return parsed(env, args).<Moi>getCommand().serverUri();
  }

  @Test
  void submitDefaultsToPythonUnderTheCallerWithUpstreamsNameAndContext() {
    assertThat(submit("submit", "--cmd", "return 42").request())
        .isEqualTo(Json.createObjectBuilder()
            .add("cmd", "return 42")
            .add("cmdType", "python")
            .add("name", "no-user-cmd-submit")
            .add("context", "default")
            .build());
  }

  @Test
  void submitTakesEveryOptionInBothSpellings() {
    var body = submit("submit", "--cmd=echo hi", "--cmd-type=system", "--user", "example",
        "--name", "greeting", "--context=heavy", "--block").request();
    assertThat(body.getString("cmd")).isEqualTo("echo hi");
    assertThat(body.getString("cmdType")).isEqualTo("system");
    assertThat(body.getString("user")).isEqualTo("example");
    assertThat(body.getString("name")).isEqualTo("greeting");
    assertThat(body.getString("context")).isEqualTo("heavy");
    assertThat(submit("submit", "--cmd", "x", "--block").block).isTrue();
    assertThat(submit("submit", "--cmd", "x").block).isFalse();
  }

  @Test
  void aNamedHandlerIsSubmittedWithItsJsonArguments() {
    assertThat(submit("submit", "--handler", "moi.sleep", "--args", "{\"seconds\": 1}").request())
        .isEqualTo(Json.createObjectBuilder()
            .add("handler", "moi.sleep")
            .add("args", Json.createObjectBuilder().add("seconds", 1))
            .add("name", "no-user-cmd-submit")
            .add("context", "default")
            .build());
    assertThat(submit("submit", "--handler", "moi.echo").request()).doesNotContainKeys("args", "cmd", "cmdType");
  }

  @Test
  void aHandlerGoesWithoutACommandAndArgumentsOnlyWithAHandler() {
    for (String[] args : new String[][] {
        {"submit", "--handler", "moi.echo", "--cmd", "x"},
        {"submit", "--cmd", "x", "--args", "{}"},
        {"submit"}}) {
      var run = Runs.moi(Map.of(), args);
      assertThat(run.exitCode()).as(String.join(" ", args)).isEqualTo(2);
      assertThat(run.err()).contains("Usage: moi submit");
      assertThat(run.out()).isEmpty();
    }
    var notJson = Runs.moi(Map.of(), "submit", "--handler", "moi.echo", "--args", "{seconds: 1");
    assertThat(notJson.exitCode()).isEqualTo(2);
    assertThat(notJson.err()).contains("--args is not JSON: {seconds: 1");
  }

  @Test
  void commandTypeIgnoresCase() {
    assertThat(submit("submit", "--cmd", "x", "--cmd-type", "JAVA").request().getString("cmdType"))
        .isEqualTo("java");
  }

  @Test
  void unknownCommandTypeIsAUsageError() {
    var run = Runs.moi(Map.of(), "submit", "--cmd", "x", "--cmd-type", "ruby");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--cmd-type", "ruby", "Usage: moi submit");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void missingRequiredOptionsAreUsageErrors() {
    assertThat(Runs.moi(Map.of(), "submit").exitCode()).isEqualTo(2);
    var job = Runs.moi(Map.of(), "job");
    assertThat(job.exitCode()).isEqualTo(2);
    assertThat(job.err()).contains("Missing required option: '--job-id=ID'", "Usage: moi job");
    assertThat(Runs.moi(Map.of(), "userjobs", "--summary").exitCode()).isEqualTo(2);
    assertThat(Runs.moi(Map.of()).err()).contains("Usage: moi");
    assertThat(Runs.moi(Map.of()).exitCode()).isEqualTo(2);
    assertThat(Runs.moi(Map.of(), "frobnicate").exitCode()).isEqualTo(2);
  }

  @Test
  void anUnknownOptionIsNamedThenTheUsageIsPrintedAndTheExitIsTwo() {
    // Alone, where --cmd is missing too: the unknown option is what gets named.
    var alone = Runs.moi(Map.of(), "submit", "--colour");
    assertThat(alone.exitCode()).isEqualTo(2);
    assertThat(alone.err()).startsWith("Unknown option: '--colour'\n").contains("Usage: moi submit");
    assertThat(alone.out()).isEmpty();

    var withValue = Runs.moi(Map.of(), "submit", "--cmd", "x", "--colour=red");
    assertThat(withValue.exitCode()).isEqualTo(2);
    assertThat(withValue.err()).startsWith("Unknown option: '--colour'\n")
        .contains("Usage: moi submit");

    var shortOne = Runs.moi(Map.of(), "job", "-q", "--job-id", "x");
    assertThat(shortOne.exitCode()).isEqualTo(2);
    assertThat(shortOne.err()).startsWith("Unknown option: '-q'\nUsage: moi job");

    var topLevel = Runs.moi(Map.of(), "--colour", "users");
    assertThat(topLevel.exitCode()).isEqualTo(2);
    assertThat(topLevel.err()).startsWith("Unknown option: '--colour'\n").contains("Usage: moi");

    var two = Runs.moi(Map.of(), "users", "--colour", "--verbose");
    assertThat(two.exitCode()).isEqualTo(2);
    assertThat(two.err()).startsWith("Unknown options: '--colour', '--verbose'\nUsage: moi users");
  }

  @Test
  void anUnknownOptionIsPrintedWithControlCharactersEscaped() {
    var run = Runs.moi(Map.of(), "users", "--\u001b[2J");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).startsWith("Unknown option: '--\\x1b[2J'\n").doesNotContain("\u001b");
  }

  @Test
  void submitsHelpListsTheExitStatuses() {
    assertThat(Runs.moi(Map.of(), "submit", "--help").out())
        .contains("Exit status:", "3   with --block: the job failed");
  }

  @Test
  void helpGoesToStandardOutput() {
    var run = Runs.moi(Map.of(), "--help");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("submit", "job", "userjobs", "users", "MOI_URL", "MOI_USERNAME",
        "MOI_PASSWORD");
    assertThat(Runs.moi(Map.of(), "userjobs", "--help").out()).contains("--key", "--summary");
  }

  @Test
  void jobAndUserjobsReadTheirOptions() {
    CommandLine cli = parsed(Map.of(), "job", "--job-id=0c1c");
    assertThat(cli.getSubcommands().get("job").<JobCommand>getCommand().jobId).isEqualTo("0c1c");
    UserJobsCommand userjobs = parsed(Map.of(), "userjobs", "--key", "example", "--summary")
        .getSubcommands().get("userjobs").getCommand();
    assertThat(userjobs.key).isEqualTo("example");
    assertThat(userjobs.summary).isTrue();
  }

  @Test
  void serverIsLocalhost8080ByDefault() {
    assertThat(server(Map.of(), "users")).isEqualTo(URI.create("http://localhost:8080"));
    assertThat(server(Map.of("MOI_URL", ""), "users"))
        .isEqualTo(URI.create("http://localhost:8080"));
  }

  @Test
  void moiUrlFromTheEnvironmentIsUsedWithoutUrlOption() {
    assertThat(server(Map.of("MOI_URL", "https://moi.example:9443/"), "users"))
        .isEqualTo(URI.create("https://moi.example:9443/"));
  }

  @Test
  void urlOptionWinsOverTheEnvironmentBeforeOrAfterTheCommand() {
    var env = Map.of("MOI_URL", "http://from-env:1");
    assertThat(server(env, "job", "--job-id", "x", "--url", "http://given:2"))
        .isEqualTo(URI.create("http://given:2"));
    assertThat(server(env, "--url=http://given:3", "users"))
        .isEqualTo(URI.create("http://given:3"));
  }

  @Test
  void anAddressThatIsNotHttpIsRefusedWithAHint() {
    assertThatThrownBy(() -> server(Map.of("MOI_URL", "localhost:8080"), "users"))
        .isInstanceOf(CliException.class)
        .hasMessageContaining("not a server address: localhost:8080")
        .hasMessageContaining("MOI_URL");
    var run = Runs.moi(Map.of(), "users", "--url", "ftp://x");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).startsWith("not a server address: ftp://x");
  }
}
