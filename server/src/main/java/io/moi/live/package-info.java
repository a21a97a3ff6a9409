/**
 * Live updates over websockets. The websocket side observes the change notifications ({@code
 * io.moi.changes}) and the tree's own writes, keeps each connected user's tree in memory and sends
 * them frames; it never talks to Redis's subscriber. It observes the security side's {@code
 * AccessEnded} the same way, closing the connections of a user whose access ended.
 */
package io.moi.live;
