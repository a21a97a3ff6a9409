package io.moi.bench;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * Redis's calls per command (INFO commandstats) and its CPU seconds at one moment, read through
 * whatever client the benchmark has: the tests' beside the server, the server's own inside it.
 */
record RedisUse(Map<String, Long> calls, double cpuSeconds) {

  /** Reads the figures through {@code info}, which answers a section of INFO. */
  static RedisUse read(UnaryOperator<String> info) {
    var calls = new TreeMap<String, Long>();
    for (String line : info.apply("commandstats").split("\r?\n")) {
      if (line.startsWith("cmdstat_")) {
        calls.put(
            line.substring(8, line.indexOf(':')),
            Long.parseLong(line.replaceAll("^[^:]+:calls=(\\d+),.*", "$1")));
      }
    }
    double cpu = 0;
    for (String line : info.apply("cpu").split("\r?\n")) {
      if (line.startsWith("used_cpu_sys:") || line.startsWith("used_cpu_user:")) {
        cpu += Double.parseDouble(line.substring(line.indexOf(':') + 1).trim());
      }
    }
    return new RedisUse(calls, cpu);
  }

  /** What was used since {@code before}, the INFO calls that read it left out. */
  RedisUse since(RedisUse before) {
    var calls = new TreeMap<String, Long>();
    this.calls.forEach(
        (name, count) -> {
          long more = count - before.calls.getOrDefault(name, 0L);
          if (more > 0 && !name.equals("info")) {
            calls.put(name, more);
          }
        });
    return new RedisUse(calls, cpuSeconds - before.cpuSeconds);
  }

  long commands() {
    return calls.values().stream().mapToLong(Long::longValue).sum();
  }

  String perCommand(long per) {
    var text = new StringBuilder();
    calls.forEach(
        (name, count) ->
            text.append(text.isEmpty() ? "" : " ")
                .append(String.format(Locale.ROOT, "%s %.2f", name, count / (double) per)));
    return text.toString();
  }
}
