package io.moi.schedules.entity;

import java.time.Instant;

/**
 * A schedule's last firing: the due time it stood for and the job it created (null: none could be).
 */
public record Firing(Instant at, String job) {}
