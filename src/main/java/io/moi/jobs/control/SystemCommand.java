package io.moi.jobs.control;

import java.util.List;

/**
 * Runs a shell command with {@code /bin/sh -c}, as a {@link ChildProcess}: under the job's
 * time limit, with each output stream capped.
 */
public final class SystemCommand {

  private SystemCommand() {}

  /** Runs the command under the default limits (1 hour, 1 MiB of each stream). */
  public static List<Object> run(String command) throws Exception {
    return run(command, ProcessLimits.DEFAULTS);
  }

  /** Returns {@code [stdout, stderr, exit_code]}; a non-zero exit throws with the same text. */
  public static List<Object> run(String command, ProcessLimits limits) throws Exception {
    var outcome = ChildProcess.run(List.of("/bin/sh", "-c", command), command, limits);
    if (outcome.exitCode() != 0) {
      throw new CommandFailedException(command, outcome.stdout(), outcome.stderr());
    }
    return List.of(outcome.stdout(), outcome.stderr(), outcome.exitCode());
  }
}
