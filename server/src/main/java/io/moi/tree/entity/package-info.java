/**
 * The info object and its rules (IDs, dates, the lineage of ancestors), and the events the tree
 * fires after its writes: a node updated, a node detached.
 */
package io.moi.tree.entity;
