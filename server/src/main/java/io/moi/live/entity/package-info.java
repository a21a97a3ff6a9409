/**
 * Websocket frames ({@code {"<action>": info}} out, change messages in) and the actions they name.
 */
package io.moi.live.entity;
