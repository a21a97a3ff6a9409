package io.moi.jobs.control;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The operating-system account that python and system jobs run as ({@code moi.job.run-as}), and how
 * a job's command switches to it. Every job's process also starts its own session and process group
 * ({@code setsid}): Ctrl-C on the server's terminal does not reach it, and the whole group can be
 * stopped at once.
 *
 * <p>A server running as root switches with {@code setpriv}, which takes the job user's IDs and
 * groups; any other server with {@code sudo -n}, which needs one sudoers rule (see the README). A
 * server whose setting names no user runs its jobs as itself.
 */
final class JobUser {

  static final String SETSID = "/usr/bin/setsid";
  static final String SETPRIV = "/usr/bin/setpriv";
  static final String SUDO = "sudo";

  private final String name;
  private final long uid;
  private final long gid;
  private final String home;
  private final boolean bySudo;
  private final String unusable;

  // Package-private so that a test can make a user switched to through sudo: a server that runs
  // as root, as the tests may, never makes one itself.
  JobUser(String name, long uid, long gid, String home, boolean bySudo, String unusable) {
    this.name = name;
    this.uid = uid;
    this.gid = gid;
    this.home = home;
    this.bySudo = bySudo;
    this.unusable = unusable;
  }

  /** Jobs run as the server's own user. */
  static JobUser serversOwn() {
    return new JobUser(null, -1, -1, null, false, null);
  }

  /**
   * Jobs run as {@code name} (blank: as the server's own user). A name this machine does not know
   * gives a user whose every job fails saying so; {@link #problem()} tells it at startup.
   */
  static JobUser named(String name) {
    if (name == null || name.isBlank()) {
      return serversOwn();
    }
    String user = name.strip();
    boolean root = serverIsRoot();
    if (!user.matches("[A-Za-z0-9_][A-Za-z0-9_.-]*[$]?")) {
      return new JobUser(
          user, -1, -1, null, !root, "moi.job.run-as is '" + user + "', which is not a user name");
    }
    Optional<String[]> entry = passwdEntry(user);
    if (entry.isEmpty()) {
      return new JobUser(
          user,
          -1,
          -1,
          null,
          !root,
          "moi.job.run-as names the user '"
              + user
              + "', which does not exist on this machine; create it (useradd --system --no-create-home "
              + user
              + ") or change the setting");
    }
    String[] fields = entry.get();
    return new JobUser(
        user, Long.parseLong(fields[2]), Long.parseLong(fields[3]), fields[5], !root, null);
  }

  /** The user's name, or empty when jobs run as the server's own user. */
  Optional<String> name() {
    return Optional.ofNullable(name);
  }

  /** Why jobs cannot run as this user, or empty when they can. */
  Optional<String> problem() {
    return Optional.ofNullable(unusable);
  }

  boolean isOther() {
    return name != null;
  }

  boolean bySudo() {
    return bySudo;
  }

  long uid() {
    return uid;
  }

  long gid() {
    return gid;
  }

  /** The job user's home for {@code HOME}; the server's own when jobs run as the server. */
  String home(Map<String, String> parent) {
    if (name == null) {
      return parent.getOrDefault("HOME", System.getProperty("user.home"));
    }
    return home;
  }

  /**
   * The command that runs {@code command} as this user in a session of its own, with {@code tmp} as
   * its TMPDIR.
   */
  List<String> wrap(List<String> command, Path tmp) throws CommandFailedException {
    failIfUnusable();
    var wrapped = new ArrayList<String>();
    wrapped.add(SETSID);
    if (name != null && bySudo) {
      // --preserve-env keeps the job's clean environment (the sudoers rule's SETENV allows
      // it), less what sudo itself always drops; TMPDIR is among those, so env sets it again.
      wrapped.addAll(
          List.of(SUDO, "-n", "--preserve-env", "-u", name, "--", "/usr/bin/env", "TMPDIR=" + tmp));
    } else if (name != null) {
      wrapped.addAll(List.of(SETPRIV, "--reuid=" + uid, "--regid=" + gid, "--init-groups", "--"));
    }
    wrapped.addAll(command);
    return wrapped;
  }

  /**
   * The command that runs {@code command} (a kill or a clean-up) with the rights needed over the
   * job's processes and files: as the job user through sudo, otherwise as the server.
   */
  List<String> privileged(List<String> command) {
    if (name == null || !bySudo) {
      return command;
    }
    var wrapped = new ArrayList<>(List.of(SUDO, "-n", "-u", name, "--"));
    wrapped.addAll(command);
    return wrapped;
  }

  void failIfUnusable() throws CommandFailedException {
    if (unusable != null) {
      throw new CommandFailedException(unusable);
    }
  }

  private static boolean serverIsRoot() {
    try {
      // /proc/self belongs to the process's effective user.
      return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue() == 0;
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  // getent asks the system's name service, so users from LDAP and the like are found too.
  private static Optional<String[]> passwdEntry(String user) {
    try {
      Process getent =
          new ProcessBuilder("getent", "passwd", "--", user)
              .redirectErrorStream(true)
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .start();
      String line =
          new String(getent.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (!getent.waitFor(10, TimeUnit.SECONDS) || getent.exitValue() != 0) {
        getent.destroyForcibly();
        return Optional.empty();
      }
      String[] fields = line.lines().findFirst().orElse("").split(":", -1);
      return fields.length >= 7 && fields[0].equals(user) ? Optional.of(fields) : Optional.empty();
    } catch (IOException e) {
      return fromPasswdFile(user);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private static Optional<String[]> fromPasswdFile(String user) {
    try {
      return Files.readAllLines(Path.of("/etc/passwd")).stream()
          .map(line -> line.split(":", -1))
          .filter(fields -> fields.length >= 7 && fields[0].equals(user))
          .findFirst();
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
