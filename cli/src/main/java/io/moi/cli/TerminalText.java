package io.moi.cli;

/**
 * Text from the server (names, statuses, results, error details) made safe for a terminal. Anyone
 * who can name a job or make it fail chooses that text, and a raw ESC or CSI in it would let them
 * move the cursor, rewrite earlier lines or retitle the window of whoever runs {@code moi}. Every
 * control character but newline and tab is printed as a visible escape instead (protocol section
 * 7): C0 controls and DEL as {@code \x1b}, C1 controls as {@code \u009b}, naming the code point.
 * Other text, backslashes included, is left as it is, so ordinary output stays byte for byte that
 * of upstream.
 */
final class TerminalText {

  private TerminalText() {}

  static String escape(String text) {
    if (text == null || text.chars().noneMatch(TerminalText::escaped)) {
      return text;
    }
    var safe = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!escaped(c)) {
        safe.append(c);
      } else if (c < 0x80) {
        safe.append(String.format("\\x%02x", (int) c));
      } else {
        safe.append(String.format("\\u%04x", (int) c));
      }
    }
    return safe.toString();
  }

  // C0, DEL and C1: exactly Java's Cc category.
  private static boolean escaped(int c) {
    return Character.getType(c) == Character.CONTROL && c != '\n' && c != '\t';
  }
}
