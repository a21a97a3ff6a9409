package io.moi.cli;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/** Who the command line logs in as: from MOI_USERNAME and MOI_PASSWORD, else asked for. */
record Credentials(String username, String password) {

  static final String USERNAME = "MOI_USERNAME";
  static final String PASSWORD = "MOI_PASSWORD";

  static Credentials from(Map<String, String> env, Terminal terminal) {
    String username = present(env.get(USERNAME));
    String password = present(env.get(PASSWORD));
    if (username != null && password != null) {
      return new Credentials(username, password);
    }
    if (!terminal.interactive()) {
      throw new CliException(
          "no credentials: set "
              + USERNAME
              + " and "
              + PASSWORD
              + " (there is no console to ask for them on)");
    }
    if (username == null) {
      username = present(terminal.readLine("moi username: "));
    }
    if (username == null) {
      throw new CliException("no username given");
    }
    if (password == null) {
      char[] typed = terminal.readPassword("moi password for " + username + ": ");
      password = typed == null ? null : new String(typed);
    }
    if (password == null) {
      throw new CliException("no password given");
    }
    return new Credentials(username, password);
  }

  /** The value of a preemptive HTTP Basic Authorization header (RFC 7617, UTF-8). */
  String basicAuthorization() {
    byte[] pair = (username + ":" + password).getBytes(StandardCharsets.UTF_8);
    return "Basic " + Base64.getEncoder().encodeToString(pair);
  }

  private static String present(String value) {
    return value == null || value.isEmpty() ? null : value;
  }

  @Override
  public String toString() {
    return "Credentials[username=" + username + "]";
  }
}
