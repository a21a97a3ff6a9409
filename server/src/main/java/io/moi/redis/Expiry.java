package io.moi.redis;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * How long the nodes this server creates live after their last write ({@code moi.retention}). Every
 * write sets the same time to live on the node and refreshes it on all its ancestors and their
 * sets, so a group never expires before its newest member. Keys without an expiry (the original
 * moi's) never get one: see {@link AtomicWrite}.
 */
@ApplicationScoped
public class Expiry {

  @Inject
  @ConfigProperty(name = "moi.retention")
  String retention;

  private long seconds;

  @PostConstruct
  void parse() {
    seconds = Durations.parse(retention).toSeconds();
    if (seconds < 1) {
      throw new IllegalArgumentException("moi.retention must be at least one second: " + retention);
    }
  }

  public long seconds() {
    return seconds;
  }
}
