package io.moi.security.control;

import io.moi.redis.Durations;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.InstantSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The brake on password guessing, for the login form and HTTP Basic alike: wrong passwords are
 * counted per username (someone guessing one account from many places) and per client address (one
 * place trying many accounts), and either closes for a while once its free failures are used up.
 * While closed, no password is even checked, so the answer tells a guesser nothing. Kept in memory:
 * a restart forgets, which costs a guesser no more than the restart itself.
 */
@ApplicationScoped
public class LoginThrottle {

  private static final Logger LOG = System.getLogger(LoginThrottle.class.getName());

  @Inject
  @ConfigProperty(name = "moi.login.free-failures")
  int freePerUser;

  @Inject
  @ConfigProperty(name = "moi.login.free-failures-per-address")
  int freePerAddress;

  @Inject
  @ConfigProperty(name = "moi.login.max-wait")
  String maxWait;

  /** The wall clock; a test sets its own before {@link #start}, to see exact waits. */
  InstantSource clock = InstantSource.system();

  private FailedAttempts users;
  private FailedAttempts addresses;

  @PostConstruct
  void start() {
    Duration cap = Durations.parse(maxWait);
    users = new FailedAttempts(freePerUser, cap, clock);
    addresses = new FailedAttempts(freePerAddress, cap, clock);
  }

  /**
   * How long this username or this address must still wait; zero when the password may be checked.
   */
  public Duration wait(String username, String address) {
    Duration user = users.wait(username);
    Duration place = addresses.wait(address);
    return user.compareTo(place) >= 0 ? user : place;
  }

  /** Counts a wrong password; answers how long the next attempt must wait. */
  public Duration failed(String username, String address) {
    Duration user = users.failed(username);
    Duration place = addresses.failed(address);
    Duration wait = user.compareTo(place) >= 0 ? user : place;
    if (!wait.isZero()) {
      LOG.log(
          Level.WARNING,
          "Repeated wrong passwords for user {0} or from {1}: next attempt in {2} s",
          printable(username),
          address,
          Math.max(1, wait.toSeconds()));
    }
    return wait;
  }

  // A name typed by anyone reaches the log: no line breaks or control characters from it.
  private static String printable(String text) {
    String cut = text.length() > 64 ? text.substring(0, 64) + "..." : text;
    return cut.replaceAll("\\p{Cntrl}", "?");
  }

  /**
   * A right password clears the name's count. The address keeps its count: otherwise whoever has
   * one account could wipe it by signing in between guesses at other people's.
   */
  public void succeeded(String username) {
    users.forget(username);
  }
}
