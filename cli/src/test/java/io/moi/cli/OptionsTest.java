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
        .isEqualTo(
            Json.createObjectBuilder()
                .add("cmd", "return 42")
                .add("cmdType", "python")
                .add("name", "no-user-cmd-submit")
                .add("context", "default")
                .build());
  }

  @Test
  void submitTakesEveryOptionInBothSpellings() {
    var body =
        submit(
                "submit",
                "--cmd=echo hi",
                "--cmd-type=system",
                "--user",
                "example",
                "--name",
                "greeting",
                "--context=heavy",
                "--block")
            .request();
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
        .isEqualTo(
            Json.createObjectBuilder()
                .add("handler", "moi.sleep")
                .add("args", Json.createObjectBuilder().add("seconds", 1))
                .add("name", "no-user-cmd-submit")
                .add("context", "default")
                .build());
    assertThat(submit("submit", "--handler", "moi.echo").request())
        .doesNotContainKeys("args", "cmd", "cmdType");
  }

  @Test
  void aHandlerGoesWithoutACommandAndArgumentsOnlyWithAHandler() {
    for (String[] args :
        new String[][] {
          {"submit", "--handler", "moi.echo", "--cmd", "x"},
          {"submit", "--cmd", "x", "--args", "{}"},
          {"submit"}
        }) {
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
    assertThat(alone.err())
        .startsWith("Unknown option: '--colour'\n")
        .contains("Usage: moi submit");
    assertThat(alone.out()).isEmpty();

    var withValue = Runs.moi(Map.of(), "submit", "--cmd", "x", "--colour=red");
    assertThat(withValue.exitCode()).isEqualTo(2);
    assertThat(withValue.err())
        .startsWith("Unknown option: '--colour'\n")
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
    assertThat(run.out())
        .contains("submit", "job", "userjobs", "users", "MOI_URL", "MOI_USERNAME", "MOI_PASSWORD");
    assertThat(Runs.moi(Map.of(), "userjobs", "--help").out()).contains("--key", "--summary");
  }

  @Test
  void jobAndUserjobsReadTheirOptions() {
    CommandLine cli = parsed(Map.of(), "job", "--job-id=0c1c");
    assertThat(cli.getSubcommands().get("job").<JobCommand>getCommand().jobId).isEqualTo("0c1c");
    UserJobsCommand userjobs =
        parsed(Map.of(), "userjobs", "--key", "example", "--summary")
            .getSubcommands()
            .get("userjobs")
            .getCommand();
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

  @Test
  void jobControlOptionsAreSentAsTheContractsFields() {
    var body =
        submit("submit", "--cmd", "x", "--max-attempts", "3", "--backoff", "10s", "--delay=30s")
            .request();
    assertThat(body.getInt("maxAttempts")).isEqualTo(3);
    assertThat(body.getString("backoff")).isEqualTo("PT10S");
    assertThat(body.getString("delay")).isEqualTo("PT30S");
    assertThat(body).doesNotContainKey("runAt");
    assertThat(submit("submit", "--cmd", "x").request())
        .doesNotContainKeys("maxAttempts", "backoff", "delay", "runAt");
  }

  @Test
  void durationsAreReadInEveryFormTheContractNamesAndSentInIso8601() {
    for (String[] typedAndSent :
        new String[][] {
          {"500ms", "PT0.5S"},
          {"10s", "PT10S"},
          {"2m", "PT2M"},
          {"1h", "PT1H"},
          {"PT10S", "PT10S"},
          {"pt1m30s", "PT1M30S"},
          {"7", "PT7S"},
          {"1.5", "PT1.5S"},
          {" 3 s ", "PT3S"},
          {"0s", "PT0S"}
        }) {
      assertThat(
              submit("submit", "--cmd", "x", "--backoff", typedAndSent[0])
                  .request()
                  .getString("backoff"))
          .as(typedAndSent[0])
          .isEqualTo(typedAndSent[1]);
      assertThat(
              submit("submit", "--cmd", "x", "--delay", typedAndSent[0])
                  .request()
                  .getString("delay"))
          .as(typedAndSent[0])
          .isEqualTo(typedAndSent[1]);
    }
  }

  @Test
  void runAtIsSentAsTheInstantInUtc() {
    assertThat(
            submit("submit", "--cmd", "x", "--run-at", "2026-12-03T11:00:00+01:00")
                .request()
                .getString("runAt"))
        .isEqualTo("2026-12-03T10:00:00Z");
    assertThat(
            submit("submit", "--cmd", "x", "--run-at=2026-12-03T10:00:00Z")
                .request()
                .getString("runAt"))
        .isEqualTo("2026-12-03T10:00:00Z");
  }

  @Test
  void badJobControlValuesAreRefusedNamingTheOptionAndTheFormsItTakes() {
    assertThatThrownBy(() -> submit("submit", "--cmd", "x", "--max-attempts", "0").request())
        .isInstanceOf(CliException.class)
        .hasMessage("--max-attempts takes a whole number from 1 to 100, not '0'");
    for (String attempts : new String[] {"101", "-1", "three", "2.5", ""}) {
      assertThatThrownBy(() -> submit("submit", "--cmd", "x", "--max-attempts", attempts).request())
          .as(attempts)
          .isInstanceOf(CliException.class)
          .hasMessageContaining("--max-attempts");
    }
    for (String duration : new String[] {"soon", "10 minutes", "-5s", "PT-5S", "5d", "1e3", ""}) {
      assertThatThrownBy(() -> submit("submit", "--cmd", "x", "--backoff", duration).request())
          .as(duration)
          .isInstanceOf(CliException.class)
          .hasMessageStartingWith("--backoff is not a duration: '" + duration + "'")
          .hasMessageContaining("500ms, 10s, 2m");
      assertThatThrownBy(() -> submit("submit", "--cmd", "x", "--delay", duration).request())
          .as(duration)
          .isInstanceOf(CliException.class)
          .hasMessageStartingWith("--delay is not a duration");
    }
    for (String when : new String[] {"2026-12-03T10:00:00", "2026-12-03", "tomorrow", "10:00Z"}) {
      assertThatThrownBy(() -> submit("submit", "--cmd", "x", "--run-at", when).request())
          .as(when)
          .isInstanceOf(CliException.class)
          .hasMessageStartingWith("--run-at is not a date and time with an offset: '" + when + "'");
    }
  }

  @Test
  void delayAndRunAtTogetherAreWrongUsage() {
    var run =
        Runs.moi(
            Map.of(), "submit", "--cmd", "x", "--delay", "3s", "--run-at", "2026-12-03T10:00:00Z");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).isEqualTo("give --delay or --run-at, not both\n");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void cancelAndRerunTakeAJobIdAndSayWhatTheyDo() {
    CommandLine cli = parsed(Map.of(), "cancel", "--job-id=0c1c");
    assertThat(cli.getSubcommands().get("cancel").<CancelCommand>getCommand().jobId)
        .isEqualTo("0c1c");
    cli = parsed(Map.of(), "rerun", "--job-id", "0c1d");
    assertThat(cli.getSubcommands().get("rerun").<RerunCommand>getCommand().jobId)
        .isEqualTo("0c1d");
    for (String command : new String[] {"cancel", "rerun"}) {
      var run = Runs.moi(Map.of(), command);
      assertThat(run.exitCode()).as(command).isEqualTo(2);
      assertThat(run.err())
          .contains("Missing required option: '--job-id=ID'", "Usage: moi " + command);
    }
    assertThat(Runs.moi(Map.of(), "--help").out()).contains("cancel", "rerun");
    assertThat(Runs.moi(Map.of(), "cancel", "--help").out())
        .contains("--job-id", "every job under it", "ends Failed", "Exit status:");
    assertThat(Runs.moi(Map.of(), "rerun", "--help").out())
        .contains("--job-id", "prints the new job's ID", "Exit status:");
    assertThat(Runs.moi(Map.of(), "submit", "--help").out())
        .contains(
            "--max-attempts=N", "--backoff=DURATION", "--delay=DURATION", "--run-at=ISO-DATE-TIME");
  }
}
