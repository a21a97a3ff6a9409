/**
 * What a job is: what was submitted ({@code JobSpec}, {@code JobSubmission}), its status and the
 * moves allowed between statuses, how it failed, and the kinds of code it may run.
 */
package io.moi.jobs.entity;
