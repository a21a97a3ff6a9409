package io.moi;

import io.moi.security.control.AccountFile;
import io.moi.security.control.PasswordHashes;
import io.moi.security.entity.Account;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The integration tests' accounts, written to the file the server reads. */
public final class ItAccounts {

  public static final String PASSWORD = "correct horse";

  private ItAccounts() {}

  /** alice and bob may run code, carol may only look, root is an admin. */
  public static void write() throws Exception {
    Map<String, Account> accounts = new TreeMap<>();
    String hash = PasswordHashes.hash(PASSWORD.toCharArray());
    accounts.put("alice", new Account("alice", hash, Set.of("moi-user", "moi-exec")));
    accounts.put("bob", new Account("bob", hash, Set.of("moi-user", "moi-exec")));
    accounts.put("carol", new Account("carol", hash, Set.of("moi-user")));
    accounts.put("root", new Account("root", hash, Set.of("moi-user", "moi-exec", "moi-admin")));
    new AccountFile(Path.of(System.getProperty("it.users.file"))).write(accounts);
  }
}
