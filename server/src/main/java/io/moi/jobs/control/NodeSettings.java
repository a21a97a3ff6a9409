package io.moi.jobs.control;

import io.moi.redis.Durations;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.microprofile.config.Config;

/**
 * This server's place among the servers sharing one Redis: its ID ({@code moi.node.id}), how long
 * silence means death ({@code moi.node.timeout}), how often a job may lose its server and still run
 * again ({@code moi.job.max-stalled}), how long a stopping server lets jobs finish ({@code
 * moi.shutdown.grace}), and per context how many jobs it runs at once ({@code
 * moi.context.<name>.slots}) and how many may wait ({@code moi.context.<name>.max-queued}).
 */
@ApplicationScoped
public class NodeSettings {

  static final int DEFAULT_SLOTS = 4;
  static final long DEFAULT_MAX_QUEUED = 10_000;

  @Inject Config config;

  private String nodeId;
  private Duration timeout;
  private int maxStalled;
  private Duration grace;

  @PostConstruct
  void read() {
    nodeId =
        config
            .getOptionalValue("moi.node.id", String.class)
            .filter(s -> !s.isBlank())
            .map(String::trim)
            .orElseGet(NodeSettings::generatedId);
    if (!nodeId.matches("[A-Za-z0-9._:-]{1,128}")) {
      throw new IllegalArgumentException(
          "moi.node.id must be 1 to 128 letters, digits, '.', '_', ':' or '-', not '"
              + nodeId
              + "'");
    }
    timeout =
        Durations.parse(config.getOptionalValue("moi.node.timeout", String.class).orElse("15s"));
    if (timeout.toMillis() < 1000) {
      throw new IllegalArgumentException("moi.node.timeout must be at least 1s, not " + timeout);
    }
    maxStalled = config.getOptionalValue("moi.job.max-stalled", Integer.class).orElse(1);
    if (maxStalled < 0) {
      throw new IllegalArgumentException("moi.job.max-stalled must not be negative");
    }
    grace =
        Durations.parse(config.getOptionalValue("moi.shutdown.grace", String.class).orElse("10s"));
  }

  // Without a configured ID a server is new after every restart; others recover its leftovers.
  private static String generatedId() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9.-]", "-");
    } catch (UnknownHostException e) {
      host = "moi";
    }
    byte[] random = new byte[3];
    ThreadLocalRandom.current().nextBytes(random);
    return host + "-" + HexFormat.of().formatHex(random);
  }

  public String nodeId() {
    return nodeId;
  }

  public Duration timeout() {
    return timeout;
  }

  public int maxStalled() {
    return maxStalled;
  }

  public Duration grace() {
    return grace;
  }

  /** Jobs of the context this server runs at once. */
  public int slots(String context) {
    int slots =
        config
            .getOptionalValue("moi.context." + context + ".slots", Integer.class)
            .orElse(DEFAULT_SLOTS);
    if (slots < 1) {
      throw new IllegalArgumentException("moi.context." + context + ".slots must be at least 1");
    }
    return slots;
  }

  /** Jobs the context's queue may hold before submissions are refused; 0 for no limit. */
  public long maxQueued(String context) {
    return config
        .getOptionalValue("moi.context." + context + ".max-queued", Long.class)
        .orElse(DEFAULT_MAX_QUEUED);
  }
}
