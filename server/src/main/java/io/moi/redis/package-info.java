/**
 * Redis connections and every key name in one place. Other features ask {@link
 * io.moi.redis.RedisKeys} for a key and get their client from {@link io.moi.redis.Redis}, so the
 * wire layout of protocol section 2 can be read, and changed, in this package alone.
 */
package io.moi.redis;
