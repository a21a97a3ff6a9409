package io.moi.redis;

import jakarta.ejb.ApplicationException;

/** Redis could not be reached or refused a command; nothing was stored by the failed call. */
@ApplicationException
public class RedisUnavailableException extends RuntimeException {

  public RedisUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Turns a Jedis failure into this exception and leaves every other exception as it is. */
  public static RuntimeException translate(RuntimeException e) {
    if (e instanceof redis.clients.jedis.exceptions.JedisException) {
      return new RedisUnavailableException("Redis is unavailable: " + e.getMessage(), e);
    }
    return e;
  }
}
