/**
 * Where the caller is checked: the authentication mechanism (HTTP Basic and the login form),
 * signed-in sessions, allowed origins, refusals as JSON, and {@code bin/moi-users}, the operator's
 * command for the account file.
 */
package io.moi.security.boundary;
