/**
 * Who is calling ({@code Caller}), an account and its roles, and the event that says someone's
 * access ended.
 */
package io.moi.security.entity;
