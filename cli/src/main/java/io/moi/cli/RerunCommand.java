package io.moi.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
    name = "rerun",
    mixinStandardHelpOptions = true,
    description = {
      "Submits an ended job again, as a new job, and prints the new job's ID.",
      "The new job has the same command, name, context, group and attempts. A job that has not"
          + " ended, or a function job of application code (no command kept), cannot."
    },
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "0:submitted",
      "1:not found, not ended, not a command, or not allowed (the message says why)",
      "2:wrong usage"
    })
final class RerunCommand implements Callable<Integer> {

  @ParentCommand Moi moi;
  @Spec CommandSpec spec;

  @Option(names = "--job-id", required = true, paramLabel = "ID", description = "The ended job.")
  String jobId;

  @Override
  public Integer call() {
    try (MoiClient api = moi.connect()) {
      var created = api.rerun(jobId).orElseThrow(() -> new CliException("Job ID not found"));
      PrintWriter out = spec.commandLine().getOut();
      // As moi submit prints it, so that scripts read both the same way.
      out.print("Submitted job id: " + TerminalText.escape(JsonText.print(created, "id")) + "\n");
      out.flush();
    }
    return 0;
  }
}
