/**
 * A schedule and its rules: the cron expression (Unix, five fields) in its zone, the request that
 * creates one, and the due times it yields.
 */
package io.moi.schedules.entity;
