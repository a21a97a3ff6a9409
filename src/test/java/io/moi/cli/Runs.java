package io.moi.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs the real command line in-process and keeps what it printed. */
final class Runs {

  record Outcome(int exitCode, String out, String err) {}

  private Runs() {}

  static Outcome moi(Map<String, String> env, String... args) {
    return moi(env, new NoConsole(), args);
  }

  static Outcome moi(Map<String, String> env, Terminal terminal, String... args) {
    var out = new StringWriter();
    var err = new StringWriter();
    int exitCode = Moi.commandLine(env, terminal)
        .setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true))
        .execute(args);
    return new Outcome(exitCode, out.toString(), err.toString());
  }

  /** As when moi runs in a pipe or CI: nobody to ask. */
  static final class NoConsole implements Terminal {
    @Override
    public boolean interactive() {
      return false;
    }

    @Override
    public String readLine(String prompt) {
      throw new AssertionError("asked without a console: " + prompt);
    }

    @Override
    public char[] readPassword(String prompt) {
      throw new AssertionError("asked without a console: " + prompt);
    }
  }

  /** A person typing the given answers; keeps the prompts. */
  static final class Typist implements Terminal {
    final List<String> prompts = new ArrayList<>();
    private final String username;
    private final String password;

    Typist(String username, String password) {
      this.username = username;
      this.password = password;
    }

    @Override
    public boolean interactive() {
      return true;
    }

    @Override
    public String readLine(String prompt) {
      prompts.add(prompt);
      return username;
    }

    @Override
    public char[] readPassword(String prompt) {
      prompts.add(prompt);
      return password.toCharArray();
    }
  }
}
