/**
 * Who the caller is and what they may do. Accounts (password hashes and roles) live in a plain file
 * that an operator edits with {@code bin/moi-users}; one Jakarta Security mechanism accepts HTTP
 * Basic for API clients and a login form with a session for browsers, holds what a browser asks to
 * change to the allowed origins, and brakes password guessing. The file is watched: when a change
 * ends someone's access (account removed, role moi-user taken away, password changed) an {@code
 * AccessEnded} event goes out, and whoever holds something of theirs (sessions here, websockets on
 * the live side) observes it and ends it.
 */
package io.moi.security;
