package io.moi.redis;

import jakarta.ejb.ApplicationException;

/**
 * A guarded write ({@link AtomicWrite#onlyIf}) found its key not as expected, or changed by someone
 * else before it applied: nothing was written. An application exception, so that the job facade (an
 * EJB) passes it to its caller as it is rather than wrapped.
 */
@ApplicationException
public class ConflictingWriteException extends RuntimeException {

  public ConflictingWriteException(String message) {
    super(message);
  }
}
