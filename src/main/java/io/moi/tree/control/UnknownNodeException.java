package io.moi.tree.control;

/** A node that was named does not exist (or is not visible to the caller). */
public class UnknownNodeException extends IllegalArgumentException {

  public UnknownNodeException(String message) {
    super(message);
  }
}
