package io.moi.cli;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
    name = "schedule",
    mixinStandardHelpOptions = true,
    description = "Creates a schedule: a job at every time of a cron rule. Prints its ID.",
    footer = {
      "",
      "Cron: minute hour day-of-month month day-of-week, e.g. \"*/5 * * * *\", \"0 2 * * 1-5\"."
    })
final class ScheduleCommand implements Callable<Integer> {

  @ParentCommand Moi moi;
  @Spec CommandSpec spec;

  @Option(
      names = "--cron",
      required = true,
      paramLabel = "RULE",
      description = "When: five fields, minute hour day month weekday (Unix cron).")
  String cron;

  @Option(
      names = "--zone",
      paramLabel = "ZONE",
      description = "The time zone the rule is read in, e.g. Europe/Paris (default: UTC).")
  String zone;

  @Option(
      names = "--cmd",
      required = true,
      paramLabel = "TEXT",
      description =
          "What each job runs: a Python function body, a shell command or a Java method body.")
  String cmd;

  @Option(
      names = "--cmd-type",
      defaultValue = "python",
      paramLabel = "TYPE",
      description = "How to run it: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  CommandType cmdType;

  @Option(
      names = "--name",
      paramLabel = "NAME",
      description = "The schedule's name, and its jobs'.")
  String name;

  @Option(
      names = "--context",
      paramLabel = "NAME",
      description = "The compute context (default: default).")
  String context;

  @Mixin RetryOptions retries;

  @Override
  public Integer call() {
    try (MoiClient api = moi.connect()) {
      JsonObject created = api.createSchedule(request());
      PrintWriter out = spec.commandLine().getOut();
      out.print(
          "Created schedule id: " + TerminalText.escape(JsonText.print(created, "id")) + "\n");
      out.flush();
    }
    return 0;
  }

  /** The body of POST /api/schedules; what is not given the server fills in. */
  JsonObject request() {
    JsonObjectBuilder body =
        JsonText.object().add("cron", cron).add("cmd", cmd).add("cmdType", cmdType.toString());
    if (zone != null) {
      body.add("zone", zone);
    }
    if (name != null) {
      body.add("name", name);
    }
    if (context != null) {
      body.add("context", context);
    }
    retries.addTo(body);
    return body.build();
  }
}
