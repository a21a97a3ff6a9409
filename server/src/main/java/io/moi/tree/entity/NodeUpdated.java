package io.moi.tree.entity;

/**
 * Fired on the writing thread once this server has stored a node's changed info, with the JSON it
 * stored. Lets this server's own listeners skip reading back what it has just written.
 */
public record NodeUpdated(Info info, String json) {}
