package io.moi;

import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.naming.Context;
import javax.naming.InitialContext;
import javax.naming.NameNotFoundException;
import javax.naming.NamingException;
import javax.naming.spi.InitialContextFactory;

/**
 * JNDI names bound to objects, for code that looks them up with {@code InitialContext} in a unit
 * test: {@link #install()} makes this the JVM's initial context factory until {@link #uninstall()}.
 * Only {@code lookup(String)} is served.
 */
public final class Bindings implements InitialContextFactory {

  private static final Map<String, Object> BOUND = new ConcurrentHashMap<>();

  public static void install() {
    System.setProperty(Context.INITIAL_CONTEXT_FACTORY, Bindings.class.getName());
  }

  public static void uninstall() {
    System.clearProperty(Context.INITIAL_CONTEXT_FACTORY);
    BOUND.clear();
  }

  public static void bind(String name, Object value) {
    BOUND.put(name, value);
  }

  public static void unbind(String name) {
    BOUND.remove(name);
  }

  @Override
  public Context getInitialContext(Hashtable<?, ?> environment) throws NamingException {
    // A lazy InitialContext looks up no default context of its own.
    return new InitialContext(true) {
      @Override
      public Object lookup(String name) throws NamingException {
        Object value = BOUND.get(name);
        if (value == null) {
          throw new NameNotFoundException(name);
        }
        return value;
      }
    };
  }
}
