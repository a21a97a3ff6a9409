package io.moi.cli;

import java.io.Console;

/**
 * Where missing credentials are asked for. A seam of its own so that tests can play the person at
 * the keyboard, or the absence of one, without a real console.
 */
interface Terminal {

  /** False when nobody can be asked (output redirected, CI, a test). */
  boolean interactive();

  String readLine(String prompt);

  char[] readPassword(String prompt);

  /** The process's console, as {@link System#console()} finds it when asked. */
  static Terminal system() {
    return new Terminal() {
      @Override
      public boolean interactive() {
        return System.console() != null;
      }

      @Override
      public String readLine(String prompt) {
        return console().readLine("%s", prompt);
      }

      @Override
      public char[] readPassword(String prompt) {
        return console().readPassword("%s", prompt);
      }

      private Console console() {
        Console console = System.console();
        if (console == null) {
          throw new CliException("no console to ask for credentials on");
        }
        return console;
      }
    };
  }
}
