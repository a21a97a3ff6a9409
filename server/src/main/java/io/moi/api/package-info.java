/**
 * The REST API's shared plumbing: its root path, the one JSON error body every failure is turned
 * into ({@code {"status", "error", "detail"}}, built by {@link io.moi.api.ApiError} alone, for
 * JAX-RS answers and for answers written before JAX-RS is reached), the mappers of the exceptions
 * no feature owns, the request-size and URI limits, the rule that bodies are JSON, the security
 * headers, and JSON strings written by hand where every change writes them ({@link
 * io.moi.api.JsonText}). It knows no feature: each keeps its resources, and the mappers of its own
 * exceptions, in its {@code boundary} package.
 */
package io.moi.api;
