package io.moi.jobs.control;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The environment of a job's process. It is built afresh, never copied from the server's: the
 * server's variables hold its secrets (the Redis URL with its password, the account file's path, an
 * admin password). A job sees a short allow-list taken from the server ({@code PATH}, {@code LANG},
 * {@code LC_ALL}, {@code LC_CTYPE}), the {@code HOME} of the user it runs as, its private {@code
 * TMPDIR}, its own {@code MOI_JOB_ID}, the {@code MOI_STATUS_FILE} its status lines go to (see
 * {@link StatusFile}), and the variables of {@code moi.job.env}.
 */
final class JobEnvironment {

  private static final List<String> FROM_SERVER = List.of("PATH", "LANG", "LC_ALL", "LC_CTYPE");
  private static final String DEFAULT_PATH = "/usr/local/bin:/usr/bin:/bin";

  private final Map<String, String> server;
  private final Map<String, String> extra;

  /**
   * {@code server} is the server's own environment, read only for the allow-list; {@code pairs} are
   * the {@code NAME=VALUE} entries of {@code moi.job.env}.
   */
  JobEnvironment(Map<String, String> server, List<String> pairs) {
    this.server = Map.copyOf(server);
    this.extra = parse(pairs);
  }

  /** The server's own environment and no variables of moi.job.env. */
  static JobEnvironment ofServer() {
    return new JobEnvironment(System.getenv(), List.of());
  }

  /** The whole environment of one job's process. */
  Map<String, String> forJob(String jobId, JobUser user, Path tmp) {
    var env = new LinkedHashMap<String, String>();
    env.put("PATH", server.getOrDefault("PATH", DEFAULT_PATH));
    for (String name : FROM_SERVER) {
      if (server.containsKey(name)) {
        env.put(name, server.get(name));
      }
    }
    String home = user.home(server);
    if (home != null) {
      env.put("HOME", home);
    }
    env.putAll(extra);
    // moi's own come last: moi.job.env cannot point a job at another's folder or ID.
    env.put("TMPDIR", tmp.toString());
    if (jobId != null) {
      env.put("MOI_JOB_ID", jobId);
    }
    env.put("MOI_STATUS_FILE", tmp.resolve(StatusFile.NAME).toString());
    return env;
  }

  /** The PATH a job's commands are looked up in. */
  String path() {
    return extra.getOrDefault("PATH", server.getOrDefault("PATH", DEFAULT_PATH));
  }

  private static Map<String, String> parse(List<String> pairs) {
    var parsed = new LinkedHashMap<String, String>();
    for (String pair : pairs) {
      if (pair == null || pair.isBlank()) {
        continue;
      }
      int equals = pair.indexOf('=');
      String name = equals < 0 ? pair.strip() : pair.substring(0, equals).strip();
      if (equals < 0 || !name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
        throw new IllegalArgumentException(
            "moi.job.env must be NAME=VALUE pairs separated by commas"
                + " (a comma inside a value as \\,), not '"
                + pair
                + "'");
      }
      if (name.equals("TMPDIR") || name.equals("MOI_JOB_ID") || name.equals("MOI_STATUS_FILE")) {
        throw new IllegalArgumentException(
            "moi.job.env cannot set " + name + ": moi sets it for each job");
      }
      parsed.put(name, pair.substring(equals + 1));
    }
    return parsed;
  }
}
