/**
 * Who the caller is and what they may do. Accounts (password hashes and roles) live in a
 * plain file that an operator edits with {@code bin/moi-users}; one Jakarta Security
 * mechanism accepts HTTP Basic for API clients and a login form with a session for browsers,
 * holds what a browser asks to change to the allowed origins, and brakes password guessing.
 */
package io.moi.security;
