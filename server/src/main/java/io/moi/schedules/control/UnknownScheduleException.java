package io.moi.schedules.control;

import io.moi.tree.control.UnknownNodeException;

/**
 * A schedule that was named does not exist or is another user's: both answer alike (404), like a
 * node that is not visible.
 */
public class UnknownScheduleException extends UnknownNodeException {

  public UnknownScheduleException(String id) {
    super("no schedule with ID '" + id + "'");
  }
}
