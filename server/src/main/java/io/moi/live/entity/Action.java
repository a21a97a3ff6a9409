package io.moi.live.entity;

import java.util.Locale;
import java.util.Optional;

/** The actions of frames and change messages, as the live side acts on them. */
public enum Action {
  ADD,
  GET,
  UPDATE,
  REMOVE,
  CLOSE;

  /** The action a message names; empty for a name that is not one. */
  public static Optional<Action> named(String name) {
    for (Action action : values()) {
      if (action.text().equals(name)) {
        return Optional.of(action);
      }
    }
    return Optional.empty();
  }

  /** The action's name in frames and messages. */
  public String text() {
    return name().toLowerCase(Locale.ROOT);
  }
}
