package io.moi.jobs.control;

import io.moi.jobs.entity.Failure;

/**
 * A system command exited non-zero, or a code job failed; {@link #failure} is the failed job's
 * whole result, with no Java stack trace of moi's own.
 */
public class CommandFailedException extends Exception {

  private final transient Failure failure;

  /**
   * A command that exited non-zero: its exit code, then the original moi's text for it, which
   * readers of the last element find as before.
   */
  public CommandFailedException(String command, int exitCode, String stdout, String stderr) {
    this(
        Failure.of(
            "exit code " + exitCode + "\n",
            "Failed to execute: "
                + command
                + "\nstdout: "
                + stdout
                + "\nstderr: "
                + stderr
                + "\n"));
  }

  public CommandFailedException(Failure failure) {
    super(failure.text());
    this.failure = failure;
  }

  /** A one-line failure (or a text cut into its lines). */
  public CommandFailedException(String failure) {
    this(Failure.ofText(failure));
  }

  public Failure failure() {
    return failure;
  }
}
