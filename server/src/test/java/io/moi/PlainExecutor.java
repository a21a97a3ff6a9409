package io.moi;

import jakarta.enterprise.concurrent.ContextService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.Trigger;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A managed executor as far as moi uses one (execute, schedule), run by an ordinary
 * java.util.concurrent pool: for beans built by hand in unit tests, where the container's executor
 * is not the thing under test. It remembers the delays it was asked to schedule with. Shut it down
 * after the test.
 */
public final class PlainExecutor extends ScheduledThreadPoolExecutor
    implements ManagedScheduledExecutorService {

  private final List<Long> delaysMillis = new ArrayList<>();
  private volatile boolean atOnce;

  public PlainExecutor(int threads) {
    super(threads);
  }

  /**
   * From now on scheduled tasks run at once, whatever delay they ask for (which is still
   * remembered).
   */
  public PlainExecutor runScheduledAtOnce() {
    atOnce = true;
    return this;
  }

  /** The delays of the tasks scheduled so far, in milliseconds, in order. */
  public synchronized List<Long> delaysMillis() {
    return List.copyOf(delaysMillis);
  }

  @Override
  public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
    synchronized (this) {
      delaysMillis.add(unit.toMillis(delay));
    }
    return super.schedule(command, atOnce ? 0 : delay, unit);
  }

  @Override
  public ScheduledFuture<?> schedule(Runnable command, Trigger trigger) {
    throw new UnsupportedOperationException();
  }

  @Override
  public <V> ScheduledFuture<V> schedule(Callable<V> callable, Trigger trigger) {
    throw new UnsupportedOperationException();
  }

  @Override
  public <U> CompletableFuture<U> completedFuture(U value) {
    return CompletableFuture.completedFuture(value);
  }

  @Override
  public <U> CompletionStage<U> completedStage(U value) {
    return CompletableFuture.completedStage(value);
  }

  @Override
  public <T> CompletableFuture<T> copy(CompletableFuture<T> stage) {
    return stage.copy();
  }

  @Override
  public <T> CompletionStage<T> copy(CompletionStage<T> stage) {
    return stage.toCompletableFuture().copy();
  }

  @Override
  public <U> CompletableFuture<U> failedFuture(Throwable ex) {
    return CompletableFuture.failedFuture(ex);
  }

  @Override
  public <U> CompletionStage<U> failedStage(Throwable ex) {
    return CompletableFuture.failedStage(ex);
  }

  @Override
  public ContextService getContextService() {
    throw new UnsupportedOperationException();
  }

  @Override
  public <U> CompletableFuture<U> newIncompleteFuture() {
    return new CompletableFuture<>();
  }

  @Override
  public CompletableFuture<Void> runAsync(Runnable runnable) {
    return CompletableFuture.runAsync(runnable, this);
  }

  @Override
  public <U> CompletableFuture<U> supplyAsync(Supplier<U> supplier) {
    return CompletableFuture.supplyAsync(supplier, this);
  }
}
