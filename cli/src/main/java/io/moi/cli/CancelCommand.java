package io.moi.cli;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
    name = "cancel",
    mixinStandardHelpOptions = true,
    description = {
      "Stops a job, or every job under a group, and prints what became of it.",
      "A waiting job ends Failed at once; a running one is stopped by its server within a few"
          + " seconds and ends Failed, its result saying who cancelled it and when."
    },
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "0:asked to stop",
      "1:not found, already ended, or not allowed (the message says why)",
      "2:wrong usage"
    })
final class CancelCommand implements Callable<Integer> {

  @ParentCommand Moi moi;
  @Spec CommandSpec spec;

  @Option(
      names = "--job-id",
      required = true,
      paramLabel = "ID",
      description = "The job, or a group: then every job under it.")
  String jobId;

  @Override
  public Integer call() {
    try (MoiClient api = moi.connect()) {
      JsonObject answer = api.cancel(jobId).orElseThrow(() -> new CliException("Job ID not found"));
      PrintWriter out = spec.commandLine().getOut();
      out.print(outcome(answer) + "\n");
      out.flush();
    }
    return 0;
  }

  /** A group's answer counts the jobs asked to stop; a job's answer is its info object. */
  static String outcome(JsonObject answer) {
    if (answer.get("cancelled") instanceof JsonNumber n) {
      return n.intValue() == 1 ? "1 job asked to stop" : n.intValue() + " jobs asked to stop";
    }
    return "status: " + TerminalText.escape(JsonText.print(answer, "status"));
  }
}
