package io.moi.jobs.control;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * Hands tasks to a managed executor without a scan of the application's libraries for each one. The
 * executor captures the submitting thread's context, and Payara's capture looks its thread context
 * providers up with a ServiceLoader over the thread's context class loader: with the application's
 * loader, that searches every library the application sees, on every task, and cost a local no-op
 * job more than all its Redis writes. So the capture runs under the platform loader, which has no
 * providers to look for, and the task puts the submitter's loader back while it runs. The other
 * contexts (naming, security) are captured as before.
 */
final class Handoffs {

  private Handoffs() {}

  static Future<?> submit(ExecutorService executor, Runnable task) {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    return underPlatformLoader(() -> executor.submit(() -> runWith(loader, task)));
  }

  static void execute(Executor executor, Runnable task) {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    underPlatformLoader(
        () -> {
          executor.execute(() -> runWith(loader, task));
          return null;
        });
  }

  private static <T> T underPlatformLoader(Supplier<T> call) {
    Thread thread = Thread.currentThread();
    ClassLoader loader = thread.getContextClassLoader();
    thread.setContextClassLoader(ClassLoader.getPlatformClassLoader());
    try {
      return call.get();
    } finally {
      thread.setContextClassLoader(loader);
    }
  }

  private static void runWith(ClassLoader loader, Runnable task) {
    Thread thread = Thread.currentThread();
    ClassLoader before = thread.getContextClassLoader();
    thread.setContextClassLoader(loader);
    try {
      task.run();
    } finally {
      thread.setContextClassLoader(before);
    }
  }
}
