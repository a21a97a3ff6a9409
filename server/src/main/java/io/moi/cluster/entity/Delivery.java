package io.moi.cluster.entity;

/**
 * Work handed to this server by its context's queue: the stream entry's ID, which the job's
 * terminal write acknowledges, and how many times the entry has been delivered.
 */
public record Delivery(String context, String entryId, Work work, long deliveries) {}
