/**
 * Live updates. One Redis pattern subscription per server, on a managed thread, turns every
 * node notification into a CDI event; consumers (long polls today) observe the events and
 * never talk to the subscriber, so the Redis side knows nothing about who is listening. The
 * websocket side observes the security side's {@code AccessEnded} the same way, closing the
 * connections of a user whose access ended.
 */
package io.moi.live;
