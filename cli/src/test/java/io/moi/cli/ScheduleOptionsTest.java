package io.moi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The schedule commands' options, as picocli reads them. */
class ScheduleOptionsTest {

  private static ScheduleCommand schedule(String... args) {
    CommandLine cli = Moi.commandLine(Map.of(), new Runs.NoConsole());
    cli.parseArgs(args);
    return cli.getSubcommands().get("schedule").getCommand();
  }

  @Test
  void aScheduleSendsItsRuleAndCommandAndLeavesTheRestToTheServer() {
    assertThat(schedule("schedule", "--cron", "*/5 * * * *", "--cmd", "return 1").request())
        .isEqualTo(
            Json.createObjectBuilder()
                .add("cron", "*/5 * * * *")
                .add("cmd", "return 1")
                .add("cmdType", "python")
                .build());
  }

  @Test
  void aScheduleTakesEveryOption() {
    var body =
        schedule(
                "schedule",
                "--cron=30 2 * * *",
                "--zone",
                "Europe/Paris",
                "--cmd",
                "df -h",
                "--cmd-type=system",
                "--name",
                "disk",
                "--context",
                "heavy",
                "--max-attempts",
                "3",
                "--backoff",
                "10s")
            .request();
    assertThat(body)
        .isEqualTo(
            Json.createObjectBuilder()
                .add("cron", "30 2 * * *")
                .add("cmd", "df -h")
                .add("cmdType", "system")
                .add("zone", "Europe/Paris")
                .add("name", "disk")
                .add("context", "heavy")
                .add("maxAttempts", 3)
                .add("backoff", "PT10S")
                .build());
  }

  @Test
  void badRetryValuesAreRefusedBeforeAnythingIsSent() {
    var attempts =
        Runs.moi(Map.of(), "schedule", "--cron", "* * * * *", "--cmd", "x", "--max-attempts", "0");
    assertThat(attempts.exitCode()).isEqualTo(1);
    assertThat(attempts.err()).contains("--max-attempts takes a whole number from 1 to 100");
    var backoff =
        Runs.moi(Map.of(), "schedule", "--cron", "* * * * *", "--cmd", "x", "--backoff", "soon");
    assertThat(backoff.exitCode()).isEqualTo(1);
    assertThat(backoff.err()).contains("--backoff");
  }

  @Test
  void missingRuleOrIdIsWrongUsage() {
    var noCron = Runs.moi(Map.of(), "schedule", "--cmd", "return 1");
    assertThat(noCron.exitCode()).isEqualTo(2);
    assertThat(noCron.err()).contains("--cron");
    for (String command : new String[] {"schedule-pause", "schedule-resume", "schedule-delete"}) {
      var noId = Runs.moi(Map.of(), command);
      assertThat(noId.exitCode()).as(command).isEqualTo(2);
      assertThat(noId.err()).as(command).contains("--id");
    }
    var badType =
        Runs.moi(Map.of(), "schedule", "--cron", "* * * * *", "--cmd", "x", "--cmd-type", "cobol");
    assertThat(badType.exitCode()).isEqualTo(2);
  }

  @Test
  void aListLineShowsEachFieldEscaped() {
    var schedule =
        Json.createObjectBuilder()
            .add("id", "s-1")
            .add("cron", "0 3 * * *")
            .add("zone", "UTC")
            .add("next", "2026-12-04 03:00:00 UTC")
            .add("paused", false)
            .add("name", "bell\u0007\n\tend")
            .build();
    assertThat(SchedulesCommand.line(schedule))
        .isEqualTo(
            "id: s-1\tcron: 0 3 * * *\tzone: UTC\tnext: 2026-12-04 03:00:00 UTC\tpaused: false\tname: bell\\x07\\n\\tend\n");
  }
}
