package io.moi.jobs.control;

import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.moi.jobs.entity.Failure;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** The failure a job's code ends with, as it would be stored. */
final class Failures {

  private Failures() {}

  /** The failure that {@code code} throws; the test fails when it throws none. */
  static Failure thrownBy(ThrowingCallable code) {
    CommandFailedException e = catchThrowableOfType(CommandFailedException.class, code);
    if (e == null) {
      throw new AssertionError("expected a CommandFailedException");
    }
    return e.failure();
  }
}
