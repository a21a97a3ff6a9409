/**
 * Entry points to schedules: the REST resource, and the ticker that fires due schedules on every
 * server (time is the caller here).
 */
package io.moi.schedules.boundary;
