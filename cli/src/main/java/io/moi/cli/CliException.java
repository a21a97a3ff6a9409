package io.moi.cli;

/** A failure the person at the terminal can act on: printed as its message, never a stack trace. */
final class CliException extends RuntimeException {

  private final int exitCode;

  CliException(String message) {
    this(message, 1);
  }

  CliException(String message, int exitCode) {
    super(message, null, false, false);
    this.exitCode = exitCode;
  }

  int exitCode() {
    return exitCode;
  }
}
