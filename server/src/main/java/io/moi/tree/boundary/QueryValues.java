package io.moi.tree.boundary;

/**
 * Query parameters read as text and checked here: JAX-RS answers a value it cannot convert with a
 * bare 404, and reads any word but "true" as false; a client should learn which parameter was wrong
 * and why.
 */
final class QueryValues {

  private QueryValues() {}

  /** A whole number from min to max, or the fallback when the parameter is absent. */
  static int number(String name, String value, int fallback, int min, int max) {
    if (value == null) {
      return fallback;
    }
    try {
      int number = Integer.parseInt(value.strip());
      if (number >= min && number <= max) {
        return number;
      }
    } catch (NumberFormatException e) {
      // answered below, as for a number out of range
    }
    throw new IllegalArgumentException(
        "query parameter '"
            + name
            + "' must be a whole number from "
            + min
            + " to "
            + max
            + ", not '"
            + shortened(value)
            + "'");
  }

  /** true or false, false when absent. */
  static boolean flag(String name, String value) {
    if (value == null || value.equals("false")) {
      return false;
    }
    if (value.equals("true")) {
      return true;
    }
    throw new IllegalArgumentException(
        "query parameter '" + name + "' must be true or false, not '" + shortened(value) + "'");
  }

  // The value goes back to the client in the error; a URI can be long.
  static String shortened(String value) {
    return value.length() <= 40 ? value : value.substring(0, 40) + "...";
  }
}
