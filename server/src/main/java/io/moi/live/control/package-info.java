/**
 * The live side's parts, each small enough to build with {@code new}: the registry of connections
 * and the user trees they share, what a browser's frames do, the fan-out of relayed changes and own
 * updates, the resync after a lost subscription, and the send lanes that write each connection's
 * bounded queue of frames in order.
 */
package io.moi.live.control;
