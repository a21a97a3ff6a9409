package io.moi.changes.entity;

/** A message published on a node's channel: the node's ID and the raw JSON message. */
public record Notification(String nodeId, String message) {}
