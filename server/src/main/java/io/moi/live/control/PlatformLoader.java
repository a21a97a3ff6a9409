package io.moi.live.control;

/**
 * Runs a call with the platform class loader as the thread's context loader. An asynchronous
 * websocket send, and any change of a connection's idle timeout, schedules the container's idle
 * timer on its managed executor, which captures the calling thread's context: with the
 * application's class loader as the context loader, that means a ServiceLoader scan of every
 * library of the application, each time. The platform loader has no providers to look for.
 */
public final class PlatformLoader {

  private PlatformLoader() {}

  public static void run(Runnable call) {
    Thread thread = Thread.currentThread();
    ClassLoader loader = thread.getContextClassLoader();
    thread.setContextClassLoader(ClassLoader.getPlatformClassLoader());
    try {
      call.run();
    } finally {
      thread.setContextClassLoader(loader);
    }
  }
}
