package io.moi.tree.control;

import jakarta.ejb.ApplicationException;

/** A node that was named does not exist (or is not visible to the caller). */
@ApplicationException
public class UnknownNodeException extends IllegalArgumentException {

  public UnknownNodeException(String message) {
    super(message);
  }
}
