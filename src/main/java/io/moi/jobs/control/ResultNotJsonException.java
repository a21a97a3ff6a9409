package io.moi.jobs.control;

/** A job returned a value that JSON-B cannot write. */
class ResultNotJsonException extends Exception {

  ResultNotJsonException(Object value, Throwable cause) {
    super(
        "The job returned a value that cannot be written as JSON ("
            + value.getClass().getName() + "): " + cause + "\n" + Results.stackTrace(cause));
  }
}
