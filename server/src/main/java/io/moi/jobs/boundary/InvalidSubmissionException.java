package io.moi.jobs.boundary;

import jakarta.ejb.ApplicationException;

/** The caller asked for something moi refuses; the message says what. Nothing was stored. */
@ApplicationException
public class InvalidSubmissionException extends IllegalArgumentException {

  public InvalidSubmissionException(String message, Throwable cause) {
    super(message, cause);
  }
}
