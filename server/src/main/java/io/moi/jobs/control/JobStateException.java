package io.moi.jobs.control;

import jakarta.ejb.ApplicationException;

/**
 * A request that the job's state does not allow: cancelling a job that has ended, re-running one
 * that has not, or one with no command kept. Answered 409.
 */
@ApplicationException
public class JobStateException extends RuntimeException {

  public JobStateException(String message) {
    super(message);
  }
}
