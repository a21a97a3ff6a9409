package io.moi.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "job", mixinStandardHelpOptions = true, description = "Prints a job's detail.")
final class JobCommand implements Callable<Integer> {

  @ParentCommand Moi moi;
  @Spec CommandSpec spec;

  @Option(names = "--job-id", required = true, paramLabel = "ID", description = "The job.")
  String jobId;

  @Override
  public Integer call() {
    try (MoiClient api = moi.connect()) {
      var info = api.info(jobId).orElseThrow(() -> new CliException("Job ID not found"));
      PrintWriter out = spec.commandLine().getOut();
      out.print(InfoText.detail(info));
      out.flush();
    }
    return 0;
  }
}
