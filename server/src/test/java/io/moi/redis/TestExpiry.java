package io.moi.redis;

/** An {@link Expiry} as the container would make it from {@code moi.retention}. */
public final class TestExpiry {

  private TestExpiry() {}

  public static Expiry of(String retention) {
    var expiry = new Expiry();
    expiry.retention = retention;
    expiry.parse();
    return expiry;
  }
}
