/**
 * What travels between servers: the work a portable job stands for, the delivery of a queue entry,
 * a job's attempts with their backoff, and who cancelled a job and when.
 */
package io.moi.cluster.entity;
