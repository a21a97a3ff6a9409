package io.moi;

import jakarta.enterprise.event.Event;
import java.lang.reflect.Proxy;
import java.util.function.Consumer;

/**
 * A CDI {@link Event} as the container would inject it, handing each fired event to one observer.
 */
public final class TestEvent {

  private TestEvent() {}

  @SuppressWarnings("unchecked")
  public static <T> Event<T> to(Consumer<T> observer) {
    return (Event<T>)
        Proxy.newProxyInstance(
            TestEvent.class.getClassLoader(),
            new Class<?>[] {Event.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "fire" -> {
                    observer.accept((T) args[0]);
                    yield null;
                  }
                  case "hashCode" -> System.identityHashCode(proxy);
                  case "equals" -> proxy == args[0];
                  case "toString" -> "event";
                  default -> throw new UnsupportedOperationException(method.getName());
                });
  }
}
