package io.moi.cli;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
    name = "userjobs",
    mixinStandardHelpOptions = true,
    description = "Prints every job and group under a user or group, oldest first.")
final class UserJobsCommand implements Callable<Integer> {

  @ParentCommand Moi moi;
  @Spec CommandSpec spec;

  @Option(
      names = "--key",
      required = true,
      paramLabel = "NAME_OR_UUID",
      description = "A username or a group's ID.")
  String key;

  @Option(names = "--summary", description = "One line per node: date, ID and status.")
  boolean summary;

  @Override
  public Integer call() {
    try (MoiClient api = moi.connect()) {
      var nodes =
          api.userJobs(key, summary).orElseThrow(() -> new CliException("Unknown key: " + key));
      PrintWriter out = spec.commandLine().getOut();
      // The server sorts by date_created; its order is kept.
      for (JsonValue node : nodes) {
        JsonObject object = node.asJsonObject();
        out.print(summary ? InfoText.summary(object) : InfoText.detail(object));
      }
      out.flush();
    }
    return 0;
  }
}
