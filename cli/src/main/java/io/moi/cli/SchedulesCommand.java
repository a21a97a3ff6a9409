package io.moi.cli;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
    name = "schedules",
    mixinStandardHelpOptions = true,
    description = "Lists your schedules, one line each: id, cron, zone, next time, paused, name.")
final class SchedulesCommand implements Callable<Integer> {

  @ParentCommand Moi moi;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    try (MoiClient api = moi.connect()) {
      PrintWriter out = spec.commandLine().getOut();
      for (JsonValue schedule : api.schedules()) {
        out.print(line(schedule.asJsonObject()));
      }
      out.flush();
    }
    return 0;
  }

  /**
   * {@code id: ...\tcron: ...\tzone: ...\tnext: ...\tpaused: ...\tname: ...}, escaped; a newline or
   * tab inside a value is written as {@code \n} or {@code \t}, so that one schedule stays one line
   * of fields.
   */
  static String line(JsonObject schedule) {
    StringBuilder line = new StringBuilder();
    for (String field : new String[] {"id", "cron", "zone", "next", "paused", "name"}) {
      line.append(line.length() == 0 ? "" : "\t")
          .append(field)
          .append(": ")
          .append(
              TerminalText.escape(JsonText.print(schedule, field))
                  .replace("\n", "\\n")
                  .replace("\t", "\\t"));
    }
    return line.append('\n').toString();
  }
}
