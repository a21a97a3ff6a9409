/**
 * Submitting and running jobs. {@link io.moi.jobs.boundary.Jobs} is the facade a web application
 * injects; jobs run on the managed executor of their context, and every step (Queued, Running,
 * status updates, Success or Failed) is recorded through the tree's nodes. A job whose function
 * returned or threw is always driven to a terminal status, retrying the last write while Redis is
 * away. The boundary also holds the admins' view of servers and queues, and maps the jobs' own
 * refusals (a full context, a state that forbids the request).
 */
package io.moi.jobs;
