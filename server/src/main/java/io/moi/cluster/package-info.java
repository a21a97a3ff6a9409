/**
 * Servers sharing one Redis: each server's heartbeat, every context's durable work queue with its
 * attempts and deliveries, and the marks that ask a running job to stop. It knows nothing of jobs
 * beyond the work it carries, so that jobs build on it and never the other way round; the admins'
 * view of servers and queues is the jobs' {@code NodesResource}, since jobs own the contexts.
 */
package io.moi.cluster;
