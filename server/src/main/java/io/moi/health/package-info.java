/**
 * Readiness for load balancers and orchestrators: the server is ready exactly while Redis answers,
 * and becomes ready again on its own once Redis is back.
 */
package io.moi.health;
