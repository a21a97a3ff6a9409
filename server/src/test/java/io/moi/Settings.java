package io.moi;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigValue;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.eclipse.microprofile.config.spi.Converter;

/**
 * MicroProfile Config settings as the container would read them from
 * microprofile-config.properties, for beans built by hand in unit tests. Converts to String,
 * String[], Long, Integer and Boolean the way MicroProfile Config does (arrays split on unescaped
 * commas).
 */
public final class Settings implements Config {

  private final Map<String, String> values = new HashMap<>();

  public Settings set(String name, String value) {
    values.put(name, value);
    return this;
  }

  @Override
  public <T> T getValue(String name, Class<T> type) {
    return getOptionalValue(name, type)
        .orElseThrow(() -> new NoSuchElementException("no setting " + name));
  }

  @Override
  public <T> Optional<T> getOptionalValue(String name, Class<T> type) {
    String text = values.get(name);
    // MicroProfile Config treats an empty value as a missing one.
    if (text == null || text.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(convert(text, type));
  }

  private static <T> T convert(String text, Class<T> type) {
    Object value;
    if (type == String.class) {
      value = text;
    } else if (type == String[].class) {
      value =
          List.of(text.split("(?<!\\\\),")).stream()
              .map(part -> part.replace("\\,", ","))
              .filter(part -> !part.isEmpty())
              .toArray(String[]::new);
    } else if (type == Long.class) {
      value = Long.valueOf(text.strip());
    } else if (type == Integer.class) {
      value = Integer.valueOf(text.strip());
    } else if (type == Boolean.class) {
      value = Boolean.valueOf(text.strip());
    } else {
      throw new IllegalArgumentException("no converter for " + type);
    }
    return type.cast(value);
  }

  @Override
  public ConfigValue getConfigValue(String name) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Iterable<String> getPropertyNames() {
    return List.copyOf(values.keySet());
  }

  @Override
  public Iterable<ConfigSource> getConfigSources() {
    return List.of();
  }

  @Override
  public <T> Optional<Converter<T>> getConverter(Class<T> forType) {
    return Optional.empty();
  }

  @Override
  public <T> T unwrap(Class<T> type) {
    throw new IllegalArgumentException("cannot unwrap to " + type);
  }
}
