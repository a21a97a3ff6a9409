package io.moi.jobs.entity;

/** What a running job function sees of its own job. */
public interface Job {

  String id();

  /** The name of the context the job runs in. */
  String context();

  /** The ID of the group the job belongs to. */
  String parent();

  /**
   * Records a free-form status and publishes it at once.
   *
   * @return the status before this update
   * @throws IllegalArgumentException for a blank text or one of the statuses the system writes
   */
  String statusUpdate(String status);

  /**
   * Whether someone cancelled the job. A cancelled job's thread is also interrupted; a job that
   * loops without blocking should look here now and then and return.
   */
  boolean isCancelled();
}
