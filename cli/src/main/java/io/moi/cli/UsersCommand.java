package io.moi.cli;

import jakarta.json.JsonValue;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
    name = "users",
    mixinStandardHelpOptions = true,
    description = "Prints each known username and its root group (administrators only).")
final class UsersCommand implements Callable<Integer> {

  @ParentCommand Moi moi;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    try (MoiClient api = moi.connect()) {
      PrintWriter out = spec.commandLine().getOut();
      for (JsonValue user : api.users()) {
        out.print(InfoText.user(user.asJsonObject()));
      }
      out.flush();
    }
    return 0;
  }
}
