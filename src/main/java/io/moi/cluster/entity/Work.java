package io.moi.cluster.entity;

import io.moi.tree.entity.Info;
import io.moi.tree.entity.Lineage;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A portable job as its context's queue carries it: everything a server needs to run it, so
 * that any server can. {@code kind} is a code type ({@code python}, {@code system}, {@code
 * java}) with the code as {@code body}, or {@code handler} with the handler's name and its JSON
 * arguments as {@code body}. {@code stalls} counts the servers lost while running it, and
 * {@code restart}, when the work went back to the queue, says why.
 */
public record Work(
    String jobId, String kind, String handler, String body, Lineage lineage, int stalls, String restart) {

  public static final String HANDLER = "handler";

  public static Work code(String jobId, String type, String code, Lineage lineage) {
    return new Work(jobId, type, null, code, lineage, 0, null);
  }

  public static Work handler(String jobId, String name, String argsJson, Lineage lineage) {
    return new Work(jobId, HANDLER, name, argsJson, lineage, 0, null);
  }

  public boolean isHandler() {
    return HANDLER.equals(kind);
  }

  /** The same work once more, after its run was lost for {@code why}. */
  public Work stalled(String why) {
    return new Work(jobId, kind, handler, body, lineage, stalls + 1, why);
  }

  /** The same work once more, handed back for {@code why} (a server stopping, say). */
  public Work restartedBecause(String why) {
    return new Work(jobId, kind, handler, body, lineage, stalls, why);
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
    return fields;
  }

  /** Reads an entry's fields; throws IllegalArgumentException for an entry that is not work. */
  public static Work fromFields(Map<String, String> fields) {
    String job = required(fields, "job");
    String ancestors = required(fields, "ancestors");
    Lineage lineage = new Lineage(Arrays.asList(ancestors.split("\n")), Info.fromJson(required(fields, "root")));
    int stalls;
    try {
      stalls = Integer.parseInt(fields.getOrDefault("stalls", "0"));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("queue entry of job " + job + " has a bad stall count");
    }
    return new Work(job, required(fields, "kind"), fields.get("handler"), required(fields, "body"),
        lineage, stalls, fields.get("restart"));
  }

  private static String required(Map<String, String> fields, String name) {
    String value = fields.get(name);
    if (value == null) {
      throw new IllegalArgumentException("queue entry without the field '" + name + "': " + fields.keySet());
    }
    return value;
  }
}
