/**
 * The REST API's shared plumbing: its root path, the one JSON error format every failure is
 * turned into ({@code {"status", "error", "detail"}}), and the request-size limit. The
 * resources themselves live in their features' {@code boundary} packages.
 */
package io.moi.api;
