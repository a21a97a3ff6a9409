package io.moi.jobs.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HandoffsTest {

  private final ClassLoader application = new URLClassLoader(new URL[0], null);
  private final ExecutorService threads = Executors.newSingleThreadExecutor();
  private final AtomicReference<ClassLoader> atCapture = new AtomicReference<>();

  /** An executor that notes the context loader it was called under, as a capture would read it. */
  private final ExecutorService capturing =
      new AbstractExecutorService() {
        @Override
        public void execute(Runnable task) {
          atCapture.set(Thread.currentThread().getContextClassLoader());
          threads.execute(task);
        }

        @Override
        public void shutdown() {}

        @Override
        public java.util.List<Runnable> shutdownNow() {
          return java.util.List.of();
        }

        @Override
        public boolean isShutdown() {
          return false;
        }

        @Override
        public boolean isTerminated() {
          return false;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
          return true;
        }
      };

  @AfterEach
  void stop() {
    threads.shutdownNow();
  }

  @Test
  void theCaptureSeesThePlatformLoaderAndTheTaskTheSubmittersOwn() throws Exception {
    var inTask = new CompletableFuture<ClassLoader>();
    asApplication(
        () -> {
          Handoffs.submit(capturing, () -> inTask.complete(loader())).get(10, TimeUnit.SECONDS);
          assertThat(loader()).as("the submitter's loader, after the call").isSameAs(application);
        });
    assertThat(atCapture.get()).isSameAs(ClassLoader.getPlatformClassLoader());
    assertThat(inTask.get()).isSameAs(application);
    assertThat(threads.submit(HandoffsTest::loader).get(10, TimeUnit.SECONDS))
        .as("the worker's own loader, back after the task")
        .isNotSameAs(application);
  }

  @Test
  void executeDoesTheSame() throws Exception {
    var inTask = new CompletableFuture<ClassLoader>();
    asApplication(() -> Handoffs.execute(capturing, () -> inTask.complete(loader())));
    assertThat(inTask.get(10, TimeUnit.SECONDS)).isSameAs(application);
    assertThat(atCapture.get()).isSameAs(ClassLoader.getPlatformClassLoader());
  }

  /** Runs a call on this thread with the stand-in application loader as its context loader. */
  private void asApplication(Call call) throws Exception {
    ClassLoader before = Thread.currentThread().getContextClassLoader();
    Thread.currentThread().setContextClassLoader(application);
    try {
      call.run();
    } finally {
      Thread.currentThread().setContextClassLoader(before);
    }
  }

  private interface Call {
    void run() throws Exception;
  }

  private static ClassLoader loader() {
    return Thread.currentThread().getContextClassLoader();
  }
}
