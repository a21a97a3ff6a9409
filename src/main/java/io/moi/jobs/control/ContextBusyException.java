package io.moi.jobs.control;

import jakarta.ejb.ApplicationException;

/** The context's executor queue is full: the job was refused and nothing was stored. */
@ApplicationException
public class ContextBusyException extends RuntimeException {

  public ContextBusyException(String context, Throwable cause) {
    super("context '" + context + "' is full: its executor queue is at capacity; retry later", cause);
  }
}
