/**
 * Reading and writing nodes: every write one MULTI/EXEC that stores the info, publishes its change
 * message and refreshes the ancestors' expiry; walking a tree; users' root groups and groups; who
 * may see what; and the member sets the original moi keeps.
 */
package io.moi.tree.control;
