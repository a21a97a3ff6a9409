package io.moi.changes.entity;

/**
 * The relay's subscription is (again) in place. Messages published while it was away are lost, so
 * consumers re-read what they care about.
 */
public record RelayConnected(int attempt) {}
