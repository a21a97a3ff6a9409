package io.moi.redis;

/** The application's {@link Redis} as the container would open it, for tests. */
public final class TestRedis {

  private TestRedis() {}

  public static Redis open(String url) {
    var redis = new Redis();
    redis.url = url;
    redis.timeout = "2s";
    redis.poolSize = 4;
    redis.open();
    return redis;
  }

  public static void close(Redis redis) {
    redis.close();
  }
}
