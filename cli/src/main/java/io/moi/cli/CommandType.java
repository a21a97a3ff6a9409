package io.moi.cli;

import java.util.Locale;

/** What {@code --cmd} holds; sent to the server as the lower-case name. */
enum CommandType {
  PYTHON,
  SYSTEM,
  JAVA;

  // Lower case in usage and error messages too, as it is typed.
  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
