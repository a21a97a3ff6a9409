package io.moi.redis;

/**
 * A guarded write ({@link AtomicWrite#onlyIf}) found its key not as expected, or changed by
 * someone else before it applied: nothing was written.
 */
public class ConflictingWriteException extends RuntimeException {

  public ConflictingWriteException(String message) {
    super(message);
  }
}
