package io.moi.security.control;

import io.moi.security.entity.Account;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@link Accounts} as the container would make them, reading an account file written for the test.
 */
public final class TestAccounts {

  private TestAccounts() {}

  /** Accounts read from {@code file}, which holds one account per user with the given roles. */
  public static Accounts of(Path file, String user, Set<String> roles) throws IOException {
    var accounts = new TreeMap<String, Account>();
    accounts.put(
        user, new Account(user, PasswordHashes.hash(("pw-" + user + "-1").toCharArray()), roles));
    new AccountFile(file).write(accounts);
    var made = new Accounts();
    made.file = file.toString();
    return made;
  }
}
