package io.moi.security.control;

import io.moi.security.entity.Account;
import io.moi.security.entity.Roles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The accounts the server accepts, read from {@code moi.users.file} and re-read whenever the file
 * changes, so {@code bin/moi-users} takes effect without a restart.
 */
@ApplicationScoped
public class Accounts {

  private static final Logger LOG = System.getLogger(Accounts.class.getName());

  @Inject
  @ConfigProperty(name = "moi.users.file")
  String file;

  private volatile Snapshot snapshot = new Snapshot(null, Map.of());

  /**
   * The file's identity with its modification time: {@code bin/moi-users} moves a new file into
   * place, so two changes within one tick of the file system's clock still differ by inode.
   */
  private record Version(Object key, FileTime modified, long size) {}

  private record Snapshot(Version version, Map<String, Account> accounts) {}

  /**
   * On a first start with no accounts, creates {@code admin} with a random password, which goes
   * into an owner-only file and, framed so that it stands out, into the log.
   */
  void bootstrap(@Observes @Initialized(ApplicationScoped.class) Object started) {
    var store = new AccountFile(Path.of(file));
    try {
      synchronized (this) {
        Map<String, Account> accounts = store.read();
        if (accounts.isEmpty()) {
          String password = PasswordHashes.randomPassword();
          accounts.put(
              "admin",
              new Account("admin", PasswordHashes.hash(password.toCharArray()), Roles.ALL));
          store.write(accounts);
          LOG.log(Level.WARNING, firstAdminNotice(store.path().toAbsolutePath(), password));
        } else {
          LOG.log(
              Level.INFO, "{0} accounts in {1}", accounts.size(), store.path().toAbsolutePath());
        }
      }
    } catch (IOException e) {
      LOG.log(Level.ERROR, "Cannot read or create the account file " + file, e);
    }
  }

  private static String firstAdminNotice(Path accountFile, String password) {
    var passwordFile = new AdminPasswordFile(accountFile);
    String kept;
    try {
      passwordFile.write(password);
      kept = "also in " + passwordFile.path() + " (readable by its owner only)";
    } catch (IOException e) {
      kept = "could not be written to " + passwordFile.path() + ": " + e.getMessage();
    }
    String frame = "#".repeat(78);
    return String.join(
        "\n",
        "created the first account",
        frame,
        "#  No accounts in " + accountFile + ": created user 'admin'",
        "#  (roles " + String.join(", ", Roles.ALL) + ")",
        "#",
        "#  admin password: " + password,
        "#  " + kept,
        "#",
        "#  Change it with: bin/moi-users passwd admin",
        frame);
  }

  /** The account when the password is right; empty for an unknown user or a wrong password. */
  public Optional<Account> check(String username, char[] password) {
    Account account = current().get(username);
    if (account == null) {
      // Same work as for a known user, so response times do not reveal which names exist.
      PasswordHashes.matches(password, DUMMY);
      return Optional.empty();
    }
    // PBKDF2 is slow on purpose; an API client sends its password with every request, so a
    // password already verified against this very hash is recognised by a fast digest.
    byte[] digest = digest(account.passwordHash(), password);
    byte[] known = verified.get(username);
    if (known != null && MessageDigest.isEqual(known, digest)) {
      return Optional.of(account);
    }
    if (!PasswordHashes.matches(password, account.passwordHash())) {
      return Optional.empty();
    }
    verified.put(username, digest);
    return Optional.of(account);
  }

  /** The account as the file has it now. */
  public Optional<Account> account(String username) {
    return Optional.ofNullable(current().get(username));
  }

  /** Every account as the file has it now. */
  public Map<String, Account> all() {
    return current();
  }

  public Set<String> roles(String username) {
    Account account = current().get(username);
    return account == null ? Set.of() : account.roles();
  }

  private final Map<String, byte[]> verified = new ConcurrentHashMap<>();

  private static byte[] digest(String hash, char[] password) {
    try {
      var sha = MessageDigest.getInstance("SHA-256");
      sha.update(hash.getBytes(StandardCharsets.UTF_8));
      sha.update(new String(password).getBytes(StandardCharsets.UTF_8));
      return sha.digest();
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static final String DUMMY = PasswordHashes.hash("not a password".toCharArray());

  private Map<String, Account> current() {
    Path path = Path.of(file);
    try {
      Version version = version(path);
      Snapshot seen = snapshot;
      if (version != null && !version.equals(seen.version())) {
        seen = new Snapshot(version, Map.copyOf(new AccountFile(path).read()));
        snapshot = seen;
      }
      return seen.accounts();
    } catch (IOException e) {
      LOG.log(Level.ERROR, "Cannot read the account file {0}: {1}", path, e.getMessage());
      return snapshot.accounts();
    } catch (UncheckedIOException e) {
      return snapshot.accounts();
    }
  }

  private static Version version(Path path) throws IOException {
    if (!Files.exists(path)) {
      return null;
    }
    var attributes = Files.readAttributes(path, BasicFileAttributes.class);
    return new Version(attributes.fileKey(), attributes.lastModifiedTime(), attributes.size());
  }
}
