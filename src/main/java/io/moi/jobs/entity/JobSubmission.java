package io.moi.jobs.entity;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.Set;

/**
 * A job submitted over the API, checked field by field so that every refusal names the field
 * at fault. Missing and null fields take the protocol's defaults.
 */
public record JobSubmission(
    String cmd, String cmdType, String name, String context, String user, String parent, String url,
    String handler, JsonValue args) {

  public static final String DEFAULT_NAME = "no-user-cmd-submit";
  public static final List<String> TYPES = List.of("python", "java", "system");
  private static final Set<String> FIELDS =
      Set.of("cmd", "cmdType", "name", "context", "user", "parent", "url", "handler", "args");
  private static final int MAX_TEXT = 1024;

  public static JobSubmission from(JsonObject body) {
    for (String field : body.keySet()) {
      if (!FIELDS.contains(field)) {
        throw new IllegalArgumentException(
            "unknown field '" + field + "'; fields are cmd, cmdType, name, context, user, parent, url, handler, args");
      }
    }
    String handler = text(body, "handler", 256);
    if (handler != null && (body.containsKey("cmd") || body.containsKey("cmdType"))) {
      throw new IllegalArgumentException("give either 'cmd' (with 'cmdType') or 'handler' (with 'args'), not both");
    }
    if (handler == null && body.containsKey("args")) {
      throw new IllegalArgumentException("field 'args' goes with 'handler': the arguments of a named handler");
    }
    if (handler != null && handler.isBlank()) {
      throw new IllegalArgumentException("field 'handler' must not be blank");
    }
    String cmd = handler != null ? null : text(body, "cmd", Integer.MAX_VALUE);
    if (handler == null && (cmd == null || cmd.isBlank())) {
      throw new IllegalArgumentException("field 'cmd' is required: the code or command to run (or 'handler')");
    }
    String type = handler != null ? null : orDefault(text(body, "cmdType", 16), "python");
    if (handler == null && !TYPES.contains(type)) {
      throw new IllegalArgumentException("field 'cmdType' must be one of " + String.join(", ", TYPES));
    }
    String url = text(body, "url", 2048);
    if (url != null && !(url.startsWith("/") || url.startsWith("https://") || url.startsWith("http://"))) {
      throw new IllegalArgumentException("field 'url' must start with /, http:// or https://");
    }
    return new JobSubmission(
        cmd, type, orDefault(text(body, "name", MAX_TEXT), DEFAULT_NAME),
        orDefault(text(body, "context", 256), "default"), text(body, "user", 64),
        text(body, "parent", 256), url, handler, handler == null ? null : body.getOrDefault("args", JsonValue.NULL));
  }

  /** Whether this submits a named handler rather than code. */
  public boolean isHandler() {
    return handler != null;
  }

  private static String text(JsonObject body, String field, int maxLength) {
    JsonValue value = body.get(field);
    if (value == null || value == JsonValue.NULL) {
      return null;
    }
    if (!(value instanceof JsonString s)) {
      throw new IllegalArgumentException("field '" + field + "' must be a string, not " + value.getValueType());
    }
    if (s.getString().length() > maxLength) {
      throw new IllegalArgumentException("field '" + field + "' is longer than " + maxLength + " characters");
    }
    return s.getString();
  }

  private static String orDefault(String value, String fallback) {
    return value == null ? fallback : value;
  }
}
