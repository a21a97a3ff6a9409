package io.moi.api;

/**
 * JSON text written by hand where it is written for every stored change and every frame (info
 * objects, change messages, the work records of queued jobs): the same characters as Jakarta JSON
 * Processing's generator writes, at a fraction of the cost of building its object model.
 */
public final class JsonText {

  private JsonText() {}

  /** A string as JSON, escaped as Jakarta JSON Processing's generator does; null as null. */
  public static StringBuilder quote(StringBuilder out, String text) {
    if (text == null) {
      return out.append("null");
    }
    out.append('"');
    int plainFrom = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= 0x20 && c != '"' && c != '\\') {
        continue;
      }
      out.append(text, plainFrom, i);
      plainFrom = i + 1;
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          String hex = Integer.toHexString(c);
          out.append("\\u").append("0000", hex.length(), 4).append(hex);
        }
      }
    }
    return out.append(text, plainFrom, text.length()).append('"');
  }
}
