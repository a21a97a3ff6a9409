package io.moi.jobs.control;

import java.util.Collection;

/** A job named a compute context that this server does not have. */
public class UnknownContextException extends IllegalArgumentException {

  public UnknownContextException(String context, Collection<String> known) {
    super("unknown context '" + context + "'; known contexts: " + String.join(", ", known));
  }
}
