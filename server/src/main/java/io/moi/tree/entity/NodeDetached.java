package io.moi.tree.entity;

/**
 * Fired once a node has been detached from its group at someone's request ({@code by}): what still
 * runs or waits below it is not wanted any more, and the job engine cancels it.
 */
public record NodeDetached(Info node, String by) {}
