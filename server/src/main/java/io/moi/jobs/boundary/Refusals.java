package io.moi.jobs.boundary;

import io.moi.redis.RedisUnavailableException;
import jakarta.ejb.ApplicationException;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.InvocationContext;

/**
 * Makes every refusal of the facade reach its caller as a moi exception, never wrapped in an {@code
 * EJBException}: the container passes {@link ApplicationException}s through as they are, so the
 * JDK's and Jedis's exceptions are turned into such ones here.
 */
public class Refusals {

  @AroundInvoke
  public Object translate(InvocationContext call) throws Exception {
    try {
      return call.proceed();
    } catch (RuntimeException e) {
      if (e.getClass().isAnnotationPresent(ApplicationException.class)) {
        throw e;
      }
      if (e instanceof IllegalArgumentException || e instanceof NullPointerException) {
        throw new InvalidSubmissionException(e.getMessage(), e);
      }
      throw RedisUnavailableException.translate(e);
    }
  }
}
