package io.moi.jobs.control;

/**
 * A system command exited non-zero, or a code job failed; the message is the whole failure
 * text stored as the job's result, with no Java stack trace of moi's own.
 */
public class CommandFailedException extends Exception {

  public CommandFailedException(String command, String stdout, String stderr) {
    super("Failed to execute: " + command + "\nstdout: " + stdout + "\nstderr: " + stderr);
  }

  public CommandFailedException(String failure) {
    super(failure);
  }
}
