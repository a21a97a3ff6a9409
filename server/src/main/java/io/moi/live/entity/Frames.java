package io.moi.live.entity;

import io.moi.changes.entity.Messages;
import io.moi.tree.entity.Info;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Websocket frames. The server sends {@code {"<action>": info}}; a browser sends change messages
 * ({@link Messages}) with the actions in {@link #ACTIONS}.
 */
public final class Frames {

  public static final Set<String> ACTIONS =
      Arrays.stream(Action.values()).map(Action::text).collect(Collectors.toUnmodifiableSet());

  private Frames() {}

  /** The frame sent to clients: {@code {"<action>": info}}. */
  public static String of(String action, Info info) {
    return ofJson(action, info.toJson());
  }

  /** The same frame, from the info object's JSON text. */
  public static String ofJson(String action, String infoJson) {
    return "{\"" + action + "\":" + infoJson + "}";
  }

  /** Reads a frame a browser sent; throws IllegalArgumentException naming what is wrong. */
  public static Map<String, List<String>> actions(String text) {
    return Messages.read(text, ACTIONS);
  }
}
