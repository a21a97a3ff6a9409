package io.moi.cli;

import java.nio.charset.StandardCharsets;

/**
 * Percent-encoding of everything but RFC 3986's unreserved characters, so that any ID or status
 * reaches the server as it is, in a path segment or a query value alike. JAX-RS templates are not
 * used for this: they leave "%xx" in a value alone, which would change such IDs.
 */
final class Percent {

  private Percent() {}

  static String encode(String value) {
    var encoded = new StringBuilder();
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (unreserved(c)) {
        encoded.append((char) c);
      } else {
        encoded.append('%').append(hex(c >> 4)).append(hex(c & 0xf));
      }
    }
    return encoded.toString();
  }

  private static boolean unreserved(int c) {
    return (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '.'
        || c == '_'
        || c == '~';
  }

  private static char hex(int digit) {
    return "0123456789ABCDEF".charAt(digit);
  }
}
