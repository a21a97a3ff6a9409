package io.moi.jobs.boundary;

import io.moi.jobs.entity.Job;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/** Handlers every moi server deploys, for trying a cluster out and for measuring it. */
public final class BuiltInHandlers {

  private BuiltInHandlers() {}

  /** {@code moi.echo}: answers its arguments. */
  @ApplicationScoped
  @JobHandler("moi.echo")
  public static class Echo implements NamedJobHandler {
    @Override
    public Object run(Job job, JsonValue args) {
      return args;
    }
  }

  /** {@code moi.sleep}: {@code {"seconds": n}} sleeps n seconds (at most an hour), answers n. */
  @ApplicationScoped
  @JobHandler("moi.sleep")
  public static class Sleep implements NamedJobHandler {
    @Override
    public Object run(Job job, JsonValue args) throws InterruptedException {
      if (!(args instanceof JsonObject o)
          || !(o.get("seconds") instanceof JsonNumber n)
          || n.doubleValue() < 0
          || n.doubleValue() > 3600) {
        throw new IllegalArgumentException("moi.sleep takes {\"seconds\": n} with 0 <= n <= 3600");
      }
      Thread.sleep(Math.round(n.doubleValue() * 1000));
      return n;
    }
  }
}
