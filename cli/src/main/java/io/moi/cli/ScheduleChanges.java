package io.moi.cli;

import jakarta.json.JsonObject;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code schedule-pause}, {@code schedule-resume} and {@code schedule-delete}: one schedule by its
 * ID.
 */
final class ScheduleChanges {

  private ScheduleChanges() {}

  @Command(
      name = "schedule-pause",
      mixinStandardHelpOptions = true,
      description = "Pauses a schedule: it creates no jobs until resumed.")
  static final class Pause extends Change {
    Pause() {
      super("pause");
    }
  }

  @Command(
      name = "schedule-resume",
      mixinStandardHelpOptions = true,
      description = "Resumes a paused schedule from now (the times it missed do not run).")
  static final class Resume extends Change {
    Resume() {
      super("resume");
    }
  }

  @Command(
      name = "schedule-delete",
      mixinStandardHelpOptions = true,
      description = "Deletes a schedule; the jobs it created stay.")
  static final class Delete extends Change {
    Delete() {
      super(null);
    }
  }

  abstract static class Change implements Callable<Integer> {

    private final String action;

    @ParentCommand Moi moi;
    @Spec CommandSpec spec;

    @Option(names = "--id", required = true, paramLabel = "ID", description = "The schedule's ID.")
    String id;

    Change(String action) {
      this.action = action;
    }

    @Override
    public Integer call() {
      try (MoiClient api = moi.connect()) {
        var changed =
            api.changeSchedule(id, action)
                .orElseThrow(() -> new CliException("Schedule ID not found: " + id));
        PrintWriter out = spec.commandLine().getOut();
        out.print(
            action == null
                ? "Deleted schedule " + TerminalText.escape(id) + "\n"
                : SchedulesCommand.line((JsonObject) changed));
        out.flush();
      }
      return 0;
    }
  }
}
