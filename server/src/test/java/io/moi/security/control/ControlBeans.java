package io.moi.security.control;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.InstantSource;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * The security feature's control beans, assembled the way CDI would (settings in, then the
 * post-construct step), for unit tests of the boundary that cannot reach their package-private
 * fields.
 */
public final class ControlBeans {

  private ControlBeans() {}

  /** The accounts of the account file at {@code file}, as {@code moi.users.file} names it. */
  public static Accounts accounts(Path file) {
    var accounts = new Accounts();
    accounts.file = file.toString();
    return accounts;
  }

  public static AccountIdentityStore identityStore(Accounts accounts) {
    var store = new AccountIdentityStore();
    store.accounts = accounts;
    return store;
  }

  /** A throttle with the given free failures and cap, on the given clock. */
  public static LoginThrottle throttle(
      int freePerUser, int freePerAddress, String maxWait, InstantSource clock) {
    var throttle = new LoginThrottle();
    throttle.freePerUser = freePerUser;
    throttle.freePerAddress = freePerAddress;
    throttle.maxWait = maxWait;
    throttle.clock = clock;
    throttle.start();
    return throttle;
  }

  /**
   * A password hash in the stored format with few iterations: the account file names its own
   * iteration count, and tests that check many passwords would otherwise spend seconds each.
   */
  public static String quickHash(String password) {
    byte[] salt = password.getBytes(StandardCharsets.UTF_8);
    try {
      byte[] hash =
          SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
              .generateSecret(new PBEKeySpec(password.toCharArray(), salt, 10, 256))
              .getEncoded();
      var b64 = Base64.getEncoder();
      return "pbkdf2-sha256:10:" + b64.encodeToString(salt) + ":" + b64.encodeToString(hash);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
