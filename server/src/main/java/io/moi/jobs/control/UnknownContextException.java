package io.moi.jobs.control;

import jakarta.ejb.ApplicationException;
import java.util.Collection;

/** A job named a compute context that this server does not have. */
@ApplicationException
public class UnknownContextException extends IllegalArgumentException {

  public UnknownContextException(String context, Collection<String> known) {
    super("unknown context '" + context + "'; known contexts: " + String.join(", ", known));
  }
}
