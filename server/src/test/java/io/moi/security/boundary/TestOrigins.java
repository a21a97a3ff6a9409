package io.moi.security.boundary;

import java.util.Optional;

/** {@link AllowedOrigins} as the container would make them from {@code moi.allowed-origins}. */
public final class TestOrigins {

  private TestOrigins() {}

  /** Only the server's own origin, and those listed (comma-separated), or none with null. */
  public static AllowedOrigins listing(String configured) {
    var origins = new AllowedOrigins();
    origins.configured = Optional.ofNullable(configured);
    origins.formerName = Optional.empty();
    return origins;
  }
}
