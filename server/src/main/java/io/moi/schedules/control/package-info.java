/**
 * Schedules in Redis: stored without expiry, indexed per user and by due time, changed with guarded
 * writes so that a firing and a pause or delete never overwrite each other.
 */
package io.moi.schedules.control;
