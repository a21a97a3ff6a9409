package io.moi.cluster.entity;

import io.moi.tree.entity.Info;
import io.moi.tree.entity.Lineage;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A portable job as its context's queue carries it: everything a server needs to run it, so that
 * any server can. {@code kind} is a code type ({@code python}, {@code system}, {@code java}) with
 * the code as {@code body}, or {@code handler} with the handler's name and its JSON arguments as
 * {@code body}. {@code stalls} counts the servers lost while running it, and {@code restart}, when
 * the work went back to the queue, says why. {@code attempts} says which attempt this is, how many
 * the job may take and the failures of the earlier ones.
 */
public record Work(
    String jobId,
    String kind,
    String handler,
    String body,
    Lineage lineage,
    int stalls,
    String restart,
    Attempts attempts) {

  public static final String HANDLER = "handler";

  public Work {
    attempts = attempts == null ? Attempts.ONCE : attempts;
  }

  public static Work code(String jobId, String type, String code, Lineage lineage) {
    return new Work(jobId, type, null, code, lineage, 0, null, Attempts.ONCE);
  }

  public static Work handler(String jobId, String name, String argsJson, Lineage lineage) {
    return new Work(jobId, HANDLER, name, argsJson, lineage, 0, null, Attempts.ONCE);
  }

  /** The same work, taking up to {@code attempts} attempts. */
  public Work withAttempts(Attempts newAttempts) {
    return new Work(jobId, kind, handler, body, lineage, stalls, restart, newAttempts);
  }

  /** The same command as a new job {@code newJobId}, from its first attempt. */
  public Work rerunAs(String newJobId, Lineage newLineage) {
    return new Work(newJobId, kind, handler, body, newLineage, 0, null, attempts.first());
  }

  public boolean isHandler() {
    return HANDLER.equals(kind);
  }

  /** The same work once more, after its run was lost for {@code why}. */
  public Work stalled(String why) {
    return new Work(jobId, kind, handler, body, lineage, stalls + 1, why, attempts);
  }

  /** The same work once more, handed back for {@code why} (a server stopping, say). */
  public Work restartedBecause(String why) {
    return new Work(jobId, kind, handler, body, lineage, stalls, why, attempts);
  }

  /** The status a restarted job shows while it runs again; null for a first run. */
  public String restartNote() {
    return restart == null ? null : "Running again: " + restart;
  }

  /** The stream entry's fields. IDs hold no whitespace, so a newline separates ancestors. */
  public Map<String, String> toFields() {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("job", jobId);
    fields.put("kind", kind);
    if (handler != null) {
      fields.put("handler", handler);
    }
    fields.put("body", body);
    fields.put("ancestors", String.join("\n", lineage.ancestors()));
    fields.put("root", lineage.root().toJson());
    fields.put("stalls", Integer.toString(stalls));
    if (restart != null) {
      fields.put("restart", restart);
    }
    if (!attempts.equals(Attempts.ONCE)) {
      fields.put("attempt", Integer.toString(attempts.number()));
      fields.put("attempts", Integer.toString(attempts.max()));
      fields.put("backoff", Long.toString(attempts.backoffMillis()));
      fields.put("errors", attempts.errorsJson());
    }
    return fields;
  }

  /** Reads an entry's fields; throws IllegalArgumentException for an entry that is not work. */
  public static Work fromFields(Map<String, String> fields) {
    String job = required(fields, "job");
    String ancestors = required(fields, "ancestors");
    Lineage lineage =
        new Lineage(Arrays.asList(ancestors.split("\n")), Info.fromJson(required(fields, "root")));
    int stalls;
    Attempts attempts;
    try {
      stalls = Integer.parseInt(fields.getOrDefault("stalls", "0"));
      attempts =
          fields.containsKey("attempt")
              ? Attempts.of(
                  Integer.parseInt(fields.get("attempt")),
                  Integer.parseInt(required(fields, "attempts")),
                  Long.parseLong(required(fields, "backoff")),
                  fields.get("errors"))
              : Attempts.ONCE;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "queue entry of job " + job + " has a bad count: " + e.getMessage());
    }
    return new Work(
        job,
        required(fields, "kind"),
        fields.get("handler"),
        required(fields, "body"),
        lineage,
        stalls,
        fields.get("restart"),
        attempts);
  }

  private static String required(Map<String, String> fields, String name) {
    String value = fields.get(name);
    if (value == null) {
      throw new IllegalArgumentException(
          "queue entry without the field '" + name + "': " + fields.keySet());
    }
    return value;
  }
}
