package io.moi.jobs.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.System.Logger;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import org.eclipse.microprofile.config.Config;

/**
 * Compute contexts: names ({@code moi.contexts}) mapped to managed executors found in JNDI ({@code
 * moi.context.<name>.executor}, by default {@code concurrent/moi-<name>}). A job for a name not
 * listed is refused; it never runs on some other executor.
 */
@ApplicationScoped
public class Contexts {

  private static final Logger LOG = System.getLogger(Contexts.class.getName());

  @Inject Config config;

  private Set<String> names;
  private final Map<String, ManagedExecutorService> executors = new ConcurrentHashMap<>();

  @PostConstruct
  void readNames() {
    names = new LinkedHashSet<>();
    for (String name : config.getValue("moi.contexts", String[].class)) {
      if (!name.isBlank()) {
        names.add(name.trim());
      }
    }
    LOG.log(Logger.Level.INFO, "Compute contexts: {0}", names);
  }

  public List<String> names() {
    return List.copyOf(names);
  }

  public String jndiName(String context) {
    return config
        .getOptionalValue("moi.context." + context + ".executor", String.class)
        .orElse("concurrent/moi-" + context);
  }

  /** The executor of a context; throws UnknownContextException for a name not configured. */
  public ManagedExecutorService executor(String context) {
    if (!names.contains(context)) {
      throw new UnknownContextException(context, names);
    }
    return executors.computeIfAbsent(context, this::lookup);
  }

  private ManagedExecutorService lookup(String context) {
    String jndi = jndiName(context);
    try {
      return InitialContext.doLookup(jndi);
    } catch (NamingException | ClassCastException e) {
      throw new IllegalStateException(
          "context '"
              + context
              + "' is configured but no managed executor is bound at '"
              + jndi
              + "'; create it in server-config/post-boot-commands.asadmin",
          e);
    }
  }
}
