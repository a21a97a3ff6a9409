package io.moi.jobs.control;

import java.util.List;
import java.util.function.Consumer;

/**
 * Runs a shell command with {@code /bin/sh -c}, as a {@link ChildProcess}: as the job's user, in
 * its own folder and session, under the job's time limit, with each output stream capped.
 */
public final class SystemCommand {

  private SystemCommand() {}

  /** Runs the command as the server's user under the default limits (1 hour, 1 MiB a stream). */
  public static List<Object> run(String command) throws Exception {
    return run(command, new JobProcesses(ProcessLimits.DEFAULTS), null);
  }

  /**
   * Returns {@code [stdout, stderr, exit_code]}; a non-zero exit throws with the same text. {@code
   * jobId} becomes the process's {@code MOI_JOB_ID}.
   */
  public static List<Object> run(String command, JobProcesses processes, String jobId)
      throws Exception {
    return run(command, processes, jobId, status -> {});
  }

  /**
   * As above; each line the command writes to {@code $MOI_STATUS_FILE} while it runs becomes the
   * job's status (see {@link StatusFile}).
   */
  public static List<Object> run(
      String command, JobProcesses processes, String jobId, Consumer<String> statuses)
      throws Exception {
    ChildProcess.Outcome outcome;
    try (var folder = processes.folder()) {
      outcome = processes.run(jobId, statuses, List.of("/bin/sh", "-c", command), command, folder);
    }
    if (outcome.exitCode() != 0) {
      throw new CommandFailedException(
          command, outcome.exitCode(), outcome.stdout(), outcome.stderr());
    }
    return List.of(outcome.stdout(), outcome.stderr(), outcome.exitCode());
  }
}
