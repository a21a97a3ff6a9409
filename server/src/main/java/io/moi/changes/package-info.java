/**
 * Change notifications, the one owner of how a change of a node travels: the message format ({@code
 * {"<action>": ["<id>"]}}), the server's one Redis pattern subscription that turns every message
 * into a CDI {@code Notification} (and each reconnection into {@code RelayConnected}), the count of
 * this server's own updates whose echo needs no second read, and long polls parked until a node
 * changes. It knows no node type: the tree publishes its messages in the same transaction as its
 * writes and the live side observes the events.
 */
package io.moi.changes;
