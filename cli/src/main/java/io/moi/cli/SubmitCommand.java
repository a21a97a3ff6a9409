package io.moi.cli;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
    name = "submit",
    mixinStandardHelpOptions = true,
    description = {
      "Submits a command as a job and prints its ID.",
      "With --max-attempts a failing job runs again, after --backoff, doubled at each retry;"
          + " with --delay or --run-at it waits, Queued, until then."
    },
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "0:submitted; with --block: the job succeeded",
      "1:not submitted (a value was refused, nothing was sent), or the wait failed"
          + " (the message says why)",
      "2:wrong usage",
      "3:with --block: the job failed"
    })
final class SubmitCommand implements Callable<Integer> {

  /** With --block, a job that ended Failed: scripts tell it from moi's own errors (1). */
  static final int JOB_FAILED = 3;

  @ParentCommand Moi moi;
  @Spec CommandSpec spec;

  @Option(
      names = "--cmd",
      paramLabel = "TEXT",
      description = "What to run: a Python function body, a shell command or a Java method body.")
  String cmd;

  @Option(
      names = "--handler",
      paramLabel = "NAME",
      description = "Instead of --cmd: the name of a job handler the servers deploy (@JobHandler).")
  String handler;

  @Option(
      names = "--args",
      paramLabel = "JSON",
      description = "With --handler: the handler's arguments, any JSON value (default: null).")
  String args;

  @Option(
      names = "--cmd-type",
      defaultValue = "python",
      paramLabel = "TYPE",
      description = "How to run it: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  CommandType cmdType;

  @Option(
      names = "--user",
      paramLabel = "NAME",
      description = "Whose job it is (default: the user logged in).")
  String user;

  @Option(
      names = "--name",
      defaultValue = "no-user-cmd-submit",
      paramLabel = "NAME",
      description = "The job's name (default: ${DEFAULT-VALUE}).")
  String name;

  @Option(
      names = "--context",
      defaultValue = "default",
      paramLabel = "NAME",
      description = "The compute context to run in (default: ${DEFAULT-VALUE}).")
  String context;

  @Mixin RetryOptions retries;
  @Mixin StartOptions start;

  @Option(
      names = "--block",
      description =
          "Wait for the job to end, telling each status on standard error,"
              + " then print its detail.")
  boolean block;

  @Override
  public Integer call() {
    checkWhatToRun();
    // Every value is checked before the first request, so a refused one sends nothing.
    JsonObject request = request();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (MoiClient api = moi.connect()) {
      JsonObject info = api.submit(request);
      out.print("Submitted job id: " + TerminalText.escape(JsonText.print(info, "id")) + "\n");
      out.flush();
      if (block) {
        JsonObject end =
            new JobWatch(api)
                .untilEnd(
                    info,
                    status -> {
                      err.print("status: " + TerminalText.escape(status) + "\n");
                      err.flush();
                    });
        out.print(InfoText.detail(end));
        out.flush();
        return "Failed".equals(JsonText.string(end, "status")) ? JOB_FAILED : 0;
      }
    }
    return 0;
  }

  private void checkWhatToRun() {
    if ((cmd == null) == (handler == null)) {
      throw new ParameterException(spec.commandLine(), "give either --cmd or --handler");
    }
    if (args != null && handler == null) {
      throw new ParameterException(spec.commandLine(), "--args goes with --handler");
    }
    if (args != null) {
      try (var reader = jakarta.json.Json.createReader(new java.io.StringReader(args))) {
        reader.readValue();
      } catch (RuntimeException e) {
        throw new ParameterException(spec.commandLine(), "--args is not JSON: " + args);
      }
    }
  }

  /**
   * The body of POST /api/jobs; without --user the server files the job under the caller. A
   * CliException when a value of the job control options is refused.
   */
  JsonObject request() {
    JsonObjectBuilder body = JsonText.object();
    if (handler != null) {
      body.add("handler", handler);
      if (args != null) {
        try (var reader = jakarta.json.Json.createReader(new java.io.StringReader(args))) {
          body.add("args", reader.readValue());
        }
      }
    } else {
      body.add("cmd", cmd).add("cmdType", cmdType.toString());
    }
    body.add("name", name).add("context", context);
    if (user != null) {
      body.add("user", user);
    }
    retries.addTo(body);
    start.addTo(body);
    return body.build();
  }
}
