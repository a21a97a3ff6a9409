/**
 * The REST API's shared plumbing: its root path, the one JSON error format every failure is
 * turned into ({@code {"status", "error", "detail"}}), the request-size limit, and the rule
 * that bodies are JSON. The resources themselves live in their features' {@code boundary}
 * packages.
 */
package io.moi.api;
