/**
 * The REST resources of the node tree: info objects (with long polls on a status), groups, a user's
 * tree, the caller's own record, users for admins, and the 404 for a node that is not there or not
 * the caller's.
 */
package io.moi.tree.boundary;
