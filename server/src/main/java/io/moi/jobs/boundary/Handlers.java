package io.moi.jobs.boundary;

import io.moi.jobs.control.HandlerLookup;
import io.moi.jobs.entity.JobFunction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/** The named handlers this server deploys, found by their {@link JobHandler} names. */
@ApplicationScoped
public class Handlers implements HandlerLookup {

  // JsonProvider.provider() searches the class path on every call: look it up once.
  private static final JsonProvider JSON = JsonProvider.provider();

  @Inject @Any Instance<NamedJobHandler> all;

  // A selection by qualifier costs Weld a new Instance and a resolution on every call, a tenth of
  // a queued no-op job's submission. The deployment's handlers never change while it runs, so
  // each name found is remembered; a name not found is not, whatever callers send.
  private final Map<String, Instance<NamedJobHandler>> found = new ConcurrentHashMap<>();

  /** Whether this server deploys a handler of that name. */
  public boolean has(String name) {
    return named(name).isPresent();
  }

  private Optional<Instance<NamedJobHandler>> named(String name) {
    var known = found.get(name);
    if (known != null) {
      return Optional.of(known);
    }
    var selected = all.select(new JobHandler.Literal(name));
    if (!selected.isResolvable()) {
      return Optional.empty();
    }
    found.putIfAbsent(name, selected);
    return Optional.of(selected);
  }

  /** The names of the handlers this server deploys, sorted. */
  public List<String> names() {
    var names = new TreeSet<String>();
    for (var handle : all.handles()) {
      handle.getBean().getQualifiers().stream()
          .filter(JobHandler.class::isInstance)
          .map(q -> ((JobHandler) q).value())
          .forEach(names::add);
    }
    return List.copyOf(names);
  }

  @Override
  public JobFunction function(String name, String argsJson) {
    var handler = named(name);
    if (handler.isEmpty()) {
      throw new IllegalArgumentException(
          "this server has no job handler named '"
              + name
              + "' (it has "
              + (names().isEmpty() ? "none" : String.join(", ", names()))
              + ")");
    }
    JsonValue args;
    try (var reader = JSON.createReader(new StringReader(argsJson))) {
      args = reader.readValue();
    }
    NamedJobHandler bean = handler.get().get();
    return (job, ignored) -> bean.run(job, args);
  }
}
