/**
 * The job engine: running functions, handlers and code (python, java, system commands in their own
 * process groups and folders) on the managed executor of their context; taking portable jobs from
 * the queue and recovering those of lost servers; cancelling, retrying and delaying. Every state a
 * job passes through is written through the tree's {@code Nodes}.
 */
package io.moi.jobs.control;
