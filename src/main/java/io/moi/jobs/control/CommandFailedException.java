package io.moi.jobs.control;

/** A system command exited non-zero; the message is the protocol's failure text. */
public class CommandFailedException extends Exception {

  public CommandFailedException(String command, String stdout, String stderr) {
    super("Failed to execute: " + command + "\nstdout: " + stdout + "\nstderr: " + stderr);
  }
}
