/**
 * Schedules: jobs created from a cron expression, on every server at once but exactly once per due
 * time. A schedule lives in Redis (no expiry) and in a set of due times that every server checks
 * about once a second; the server whose guarded write lands creates the job, the others see their
 * write refused and move on.
 */
package io.moi.schedules;
