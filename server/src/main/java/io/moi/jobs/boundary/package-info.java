/**
 * Entry points to jobs: the {@code Jobs} facade a web application injects, the REST resources for
 * submitting, cancelling and re-running jobs and listing the servers, named handlers, and the
 * mappers that turn the engine's refusals into JSON errors.
 */
package io.moi.jobs.boundary;
