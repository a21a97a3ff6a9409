/**
 * The Redis side of the cluster: the work queues and their delayed set ({@code WorkQueue}), server
 * heartbeats, and cancel marks. Each operation is one round trip or one script, so that two servers
 * doing the same thing at once still do it once.
 */
package io.moi.cluster.control;
