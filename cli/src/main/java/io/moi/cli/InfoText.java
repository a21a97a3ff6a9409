package io.moi.cli;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.util.List;

/**
 * Info objects as upstream's command line printed them (protocol section 7). Lines end in "\n" on
 * every platform: scripts compare this output byte for byte. Every value comes from the server and
 * is printed through {@link TerminalText#escape}.
 */
final class InfoText {

  // Upstream printed sorted(info) minus "result", then "result" last.
  static final List<String> FIELDS =
      List.of(
          "context",
          "date_created",
          "date_end",
          "date_start",
          "id",
          "name",
          "parent",
          "pubsub",
          "status",
          "type",
          "url");

  private InfoText() {}

  static String detail(JsonObject info) {
    var text = new StringBuilder();
    text.append("********** ").append(value(info, "id")).append(" **********\n");
    for (String field : FIELDS) {
      text.append(line(field, value(info, field)));
    }
    text.append(line("result", TerminalText.escape(result(info))));
    return text.append('\n').toString();
  }

  static String summary(JsonObject summary) {
    return "date: "
        + value(summary, "date_created")
        + "\tid: "
        + value(summary, "id")
        + "\tstatus: "
        + value(summary, "status")
        + "\n";
  }

  /** A line of {@code moi users}: {@code <username> : <root group>}. */
  static String user(JsonObject user) {
    return value(user, "username") + " : " + value(user, "group") + "\n";
  }

  /**
   * The result as upstream printed it; a failure's list of lines (protocol section 3) as its text,
   * joined, as the original printed a traceback.
   */
  static String result(JsonObject info) {
    if ("Failed".equals(JsonText.string(info, "status"))
        && info.get("result") instanceof JsonArray lines
        && !lines.isEmpty()
        && lines.stream().allMatch(JsonString.class::isInstance)) {
      return String.join("", lines.getValuesAs(JsonString::getString));
    }
    return JsonText.print(info, "result");
  }

  private static String value(JsonObject object, String field) {
    return TerminalText.escape(JsonText.print(object, field));
  }

  // Upstream aligned with tabs: a second one for names shorter than a tab stop.
  private static String line(String field, String value) {
    return field + (field.length() < 8 ? "\t\t" : "\t") + ": " + value + "\n";
  }
}
