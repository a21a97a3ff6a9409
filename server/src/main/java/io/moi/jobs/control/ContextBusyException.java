package io.moi.jobs.control;

import jakarta.ejb.ApplicationException;

/** The context's queue is full: the job was refused and nothing was stored. */
@ApplicationException
public class ContextBusyException extends RuntimeException {

  public ContextBusyException(String context, Throwable cause) {
    super(
        "context '" + context + "' is full: its executor queue is at capacity; retry later", cause);
  }

  /** The context's durable queue holds {@code maxQueued} jobs already. */
  public ContextBusyException(String context, long maxQueued) {
    super(
        "context '"
            + context
            + "' is full: its queue holds "
            + maxQueued
            + " jobs (moi.context."
            + context
            + ".max-queued); retry later");
  }
}
