/**
 * The node tree: user root groups, groups and jobs, stored as info objects with a set of children
 * per group. Every write of a node is one MULTI/EXEC round trip that also publishes its
 * notification and refreshes the expiry of the node's ancestors, so readers never see a
 * notification before the state it announces and no group expires under a live member. Groups are
 * created here too ({@code Groups}); the boundary answers a created node with its location and an
 * unknown node with 404.
 */
package io.moi.tree;
