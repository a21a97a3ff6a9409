package io.moi.jobs.boundary;

import io.moi.jobs.entity.Job;
import jakarta.json.JsonValue;

/**
 * Application work that any server can run: a CDI bean qualified with {@link JobHandler}. It
 * returns any value JSON-B can write (the job's result) or throws to fail the job; the thread is
 * interrupted when the job is stopped.
 */
@FunctionalInterface
public interface NamedJobHandler {

  Object run(Job job, JsonValue args) throws Exception;
}
