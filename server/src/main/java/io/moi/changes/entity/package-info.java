/**
 * What a change notification is: the message text ({@code {"<action>": ["<id>"]}}) and the CDI
 * events the relay fires, one per message and one per (re)connection.
 */
package io.moi.changes.entity;
