package io.moi.jobs.entity;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The kinds of code a job can be submitted as, spelled as the command line's --cmd-type. */
public enum CodeType {
  PYTHON("python"),
  SYSTEM("system"),
  JAVA("java");

  private final String text;

  CodeType(String text) {
    this.text = text;
  }

  public String text() {
    return text;
  }

  /** Case-sensitive, as the protocol spells the names; null means python, the default. */
  public static CodeType of(String text) {
    if (text == null) {
      return PYTHON;
    }
    for (CodeType type : values()) {
      if (type.text.equals(text)) {
        return type;
      }
    }
    throw new IllegalArgumentException(
        "unknown cmd-type '"
            + text
            + "'; allowed: "
            + Arrays.stream(values()).map(CodeType::text).collect(Collectors.joining(", ")));
  }
}
