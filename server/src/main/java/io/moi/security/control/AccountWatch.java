package io.moi.security.control;

import io.moi.security.entity.AccessEnded;
import io.moi.security.entity.Account;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Notices at once when the account file changes and fires {@link AccessEnded} for every user who
 * lost their account, their role {@code moi-user} or their password: requests read roles afresh
 * anyway, but sessions and websockets opened earlier must end without waiting for the user's next
 * request. The directory is watched; a file system that reports nothing (some network mounts) is
 * still looked at every few seconds.
 */
@ApplicationScoped
public class AccountWatch {

  private static final Logger LOG = System.getLogger(AccountWatch.class.getName());
  private static final int LOOK_ANYWAY_SECONDS = 3;

  @Resource ManagedThreadFactory threads;
  @Inject Accounts accounts;
  @Inject Event<AccessEnded> ended;

  @Inject
  @ConfigProperty(name = "moi.users.file")
  String file;

  private volatile boolean running;
  private volatile WatchService watch;
  private Thread thread;
  private Map<String, Account> announced; // touched only by the watching thread

  void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
    running = true;
    thread = threads.newThread(this::watch);
    thread.setName("moi-account-watch");
    thread.setDaemon(true);
    thread.start();
  }

  private void watch() {
    announced = accounts.all();
    Path dir = Path.of(file).toAbsolutePath().getParent();
    try {
      watch = FileSystems.getDefault().newWatchService();
      dir.register(
          watch,
          StandardWatchEventKinds.ENTRY_CREATE,
          StandardWatchEventKinds.ENTRY_MODIFY,
          StandardWatchEventKinds.ENTRY_DELETE);
    } catch (IOException | RuntimeException e) {
      LOG.log(
          Level.WARNING,
          "Cannot watch {0} ({1}); looking at the account file every {2} s",
          dir,
          e.toString(),
          LOOK_ANYWAY_SECONDS);
    }
    while (running) {
      try {
        awaitChange();
        announceChanges();
      } catch (InterruptedException | ClosedWatchServiceException e) {
        return;
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "Could not act on a change of the account file", e);
      }
    }
  }

  private void awaitChange() throws InterruptedException {
    WatchService service = watch;
    if (service == null) {
      Thread.sleep(TimeUnit.SECONDS.toMillis(LOOK_ANYWAY_SECONDS));
      return;
    }
    var key = service.poll(LOOK_ANYWAY_SECONDS, TimeUnit.SECONDS);
    if (key != null) {
      key.pollEvents();
      key.reset();
    }
  }

  private void announceChanges() {
    Map<String, Account> now = accounts.all();
    if (now == announced) {
      return;
    }
    for (AccessEnded end : AccessEnded.between(announced, now)) {
      LOG.log(
          Level.INFO,
          "Ending the sessions and live connections of {0}: {1}",
          end.username(),
          end.cause().reason());
      try {
        ended.fire(end);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "Could not end everything of " + end.username(), e);
      }
    }
    announced = now;
  }

  @PreDestroy
  void stop() {
    running = false;
    WatchService service = watch;
    if (service != null) {
      try {
        service.close();
      } catch (IOException e) {
        LOG.log(Level.DEBUG, "Closing the account file watch", e);
      }
    }
    if (thread != null) {
      thread.interrupt();
    }
  }
}
