package io.moi.security.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.moi.security.entity.AccessEnded;
import io.moi.security.entity.AccessEnded.Cause;
import io.moi.security.entity.Account;
import io.moi.security.entity.Roles;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.event.Event;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A change of the account file, as bin/moi-users makes it, ends at once what rode on an earlier
 * sign-in: the watch fires {@link AccessEnded} for each user who lost access.
 */
class AccountWatchTest {

  @TempDir Path dir;
  private Path file;
  private final Map<String, Account> accounts = new TreeMap<>();
  private int version;

  private final BlockingQueue<AccessEnded> fired = new LinkedBlockingQueue<>();
  private final List<Thread> threads = new CopyOnWriteArrayList<>();
  private volatile String failsFor;
  private final CountDownLatch firstLook = new CountDownLatch(1);
  private final AccountWatch watch = new AccountWatch();

  /** The container's thread factory: plain threads, each kept so the test can see it end. */
  private final ManagedThreadFactory threadFactory =
      new ManagedThreadFactory() {
        @Override
        public Thread newThread(Runnable task) {
          var thread = new Thread(task);
          threads.add(thread);
          return thread;
        }

        @Override
        public ForkJoinWorkerThread newThread(ForkJoinPool pool) {
          throw new UnsupportedOperationException("the watch needs no fork-join pool");
        }
      };

  @SuppressWarnings("unchecked")
  private final Event<AccessEnded> observers =
      (Event<AccessEnded>)
          Proxy.newProxyInstance(
              getClass().getClassLoader(),
              new Class<?>[] {Event.class},
              (proxy, method, args) -> {
                if (!method.getName().equals("fire")) {
                  throw new UnsupportedOperationException(method.getName());
                }
                var end = (AccessEnded) args[0];
                fired.add(end);
                if (end.username().equals(failsFor)) {
                  throw new IllegalStateException("an observer failed");
                }
                return null;
              });

  @BeforeEach
  void startWatching() throws Exception {
    file = dir.resolve("users.properties");
    put("alice", Roles.USER, Roles.EXEC);
    put("carol", Roles.USER);
    put("bob", Roles.EXEC);
    store();
    watch.file = file.toString();
    watch.threads = threadFactory;
    watch.ended = observers;
    // The watch's first look at the accounts is what later versions are compared with.
    watch.accounts =
        new Accounts() {
          @Override
          public Map<String, Account> all() {
            Map<String, Account> all = super.all();
            firstLook.countDown();
            return all;
          }
        };
    watch.accounts.file = file.toString();
    watch.start(null);
    assertThat(firstLook.await(30, TimeUnit.SECONDS))
        .as("the watch looked at the accounts")
        .isTrue();
  }

  @AfterEach
  void stopWatching() throws InterruptedException {
    watch.stop();
    for (Thread thread : threads) {
      thread.join(TimeUnit.SECONDS.toMillis(30));
      assertThat(thread.isAlive()).as("the watching thread ends with the application").isFalse();
    }
  }

  private void put(String name, String... roles) {
    putHashed(name, ControlBeans.quickHash(name + "-password-1"), roles);
  }

  private void putHashed(String name, String hash, String... roles) {
    accounts.put(name, new Account(name, hash, Set.of(roles)));
  }

  /** Writes the accounts as bin/moi-users does, each version with its own modification time. */
  private void store() throws Exception {
    new AccountFile(file).write(accounts);
    Files.setLastModifiedTime(
        file, FileTime.from(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(version++)));
  }

  private AccessEnded nextEnd() throws InterruptedException {
    AccessEnded end = fired.poll(30, TimeUnit.SECONDS);
    assertThat(end).as("an AccessEnded was fired").isNotNull();
    return end;
  }

  @Test
  void theWatchRunsOnANamedDaemonThreadOfTheContainer() {
    assertThat(threads)
        .singleElement()
        .satisfies(
            thread -> {
              assertThat(thread.getName()).isEqualTo("moi-account-watch");
              assertThat(thread.isDaemon()).as("never holds the JVM up").isTrue();
            });
  }

  @Test
  void removingAnAccountTakingMoiUserAwayOrChangingAPasswordEndsThatUsersAccess() throws Exception {
    accounts.remove("alice");
    put("carol", Roles.EXEC);
    putHashed("bob", ControlBeans.quickHash("bob-password-2"), Roles.EXEC);
    store();

    Set<AccessEnded> ends = new HashSet<>(List.of(nextEnd(), nextEnd(), nextEnd()));

    assertThat(ends)
        .containsExactlyInAnyOrder(
            new AccessEnded("alice", Cause.REMOVED),
            new AccessEnded("carol", Cause.REVOKED),
            new AccessEnded("bob", Cause.PASSWORD_CHANGED));
  }

  @Test
  void aChangeThatTakesNothingAwayEndsNothing() throws Exception {
    put("dave", Roles.USER);
    putHashed("alice", accounts.get("alice").passwordHash(), Roles.USER, Roles.EXEC, Roles.ADMIN);
    store();
    accounts.remove("carol");
    store();

    assertThat(nextEnd())
        .as("the first end is the later change's")
        .isEqualTo(new AccessEnded("carol", Cause.REMOVED));
  }

  @Test
  void eachChangeIsComparedWithTheOneBeforeIt() throws Exception {
    accounts.remove("alice");
    store();
    assertThat(nextEnd()).isEqualTo(new AccessEnded("alice", Cause.REMOVED));

    accounts.remove("carol");
    store();

    assertThat(nextEnd())
        .as("alice is not ended twice")
        .isEqualTo(new AccessEnded("carol", Cause.REMOVED));
  }

  @Test
  void anObserverThatFailsKeepsNeitherTheOtherUsersNorLaterChangesFromEnding() throws Exception {
    failsFor = "alice";
    accounts.remove("alice");
    accounts.remove("carol");
    store();
    Set<String> ended = new HashSet<>(List.of(nextEnd().username(), nextEnd().username()));
    assertThat(ended).containsExactlyInAnyOrder("alice", "carol");

    putHashed("bob", ControlBeans.quickHash("bob-password-2"), Roles.EXEC);
    store();

    assertThat(nextEnd()).isEqualTo(new AccessEnded("bob", Cause.PASSWORD_CHANGED));
  }
}
