package io.moi.jobs.entity;

/**
 * The work of a job. It returns any value JSON-B can write (the job's result) or throws to fail the
 * job.
 */
@FunctionalInterface
public interface JobFunction {

  Object run(Job job, Object... args) throws Exception;
}
