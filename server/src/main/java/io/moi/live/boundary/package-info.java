/**
 * The websocket endpoint {@code /moi-ws/}, its handshake guard (authentication and Origin), and the
 * hub the endpoint hands its events to: a connection opens, sends a frame, closes, or loses its
 * user's access.
 */
package io.moi.live.boundary;
