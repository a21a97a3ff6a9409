package io.moi.jobs.control;

import io.moi.jobs.entity.Failure;

/** A job returned a value that JSON-B cannot write. */
class ResultNotJsonException extends Exception {

  private final transient Failure failure;

  ResultNotJsonException(Object value, Throwable cause) {
    super(cause);
    failure =
        Failure.of(cause)
            .then(
                "The job returned a value that cannot be written as JSON ("
                    + value.getClass().getName()
                    + "): "
                    + cause);
  }

  /** The writer's trace, then what went wrong. */
  Failure failure() {
    return failure;
  }
}
