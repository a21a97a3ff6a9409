package io.moi.tree.entity;

import io.moi.redis.RedisKeys;
import java.util.UUID;

/** The rules for node IDs (protocol section 1). */
public final class NodeIds {

  public static final int MAX_LENGTH = 256;

  private NodeIds() {}

  public static String random() {
    return UUID.randomUUID().toString();
  }

  /** Returns the ID if it may name a node, else throws with the reason. */
  public static String check(String id) {
    if (id == null || id.isEmpty()) {
      throw new IllegalArgumentException("an ID must not be empty");
    }
    if (id.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("an ID must be at most " + MAX_LENGTH + " characters");
    }
    if (!id.codePoints().allMatch(NodeIds::printable)) {
      throw new IllegalArgumentException("an ID must be printable characters without spaces");
    }
    if (RedisKeys.clashes(id)) {
      throw new IllegalArgumentException("'" + id + "' is reserved for moi's own keys");
    }
    return id;
  }

  private static boolean printable(int c) {
    return !Character.isWhitespace(c)
        && !Character.isISOControl(c)
        && !Character.isSpaceChar(c)
        && Character.isDefined(c);
  }
}
