/**
 * Accounts and how they are guarded: the account file and its watcher, the generated admin
 * password, password hashes, and the brake on password guessing.
 */
package io.moi.security.control;
