/**
 * The moving parts of change notifications: the relay (one pattern subscription per server, on a
 * managed thread, reconnecting with backoff), the count of this server's own updates whose echo is
 * passed over, and the long polls parked on a node until it changes.
 */
package io.moi.changes.control;
