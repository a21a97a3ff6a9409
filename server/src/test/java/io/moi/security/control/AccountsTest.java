package io.moi.security.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.moi.security.entity.Account;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccountsTest {

  @TempDir Path dir;

  private Accounts accountsAt(Path file) {
    var accounts = new Accounts();
    accounts.file = file.toString();
    return accounts;
  }

  @Test
  void firstStartCreatesAnAdminWithARandomPasswordInAnOwnerOnlyFile() throws Exception {
    Path file = dir.resolve("users.properties");
    accountsAt(file).bootstrap(null);
    Map<String, Account> created = new AccountFile(file).read();
    assertThat(created).containsOnlyKeys("admin");
    assertThat(created.get("admin").roles())
        .containsExactlyInAnyOrder("moi-user", "moi-exec", "moi-admin");
    assertThat(created.get("admin").passwordHash()).startsWith("pbkdf2-sha256:");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
  }

  @Test
  void theFirstAdminsPasswordIsKeptNextToTheAccountFileForItsOwnerOnly() throws Exception {
    Path file = dir.resolve("users.properties");
    Path passwordFile = dir.resolve("admin-password");
    Files.writeString(passwordFile, "left over from an earlier first start\n");
    Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-r--r--"));

    accountsAt(file).bootstrap(null);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile)))
        .isEqualTo("rw-------");
    String password = Files.readString(passwordFile).strip();
    assertThat(password).hasSizeGreaterThanOrEqualTo(16);
    assertThat(accountsAt(file).check("admin", password.toCharArray())).isPresent();
  }

  @Test
  void anExistingStoreIsLeftAsItIs() throws Exception {
    Path file = dir.resolve("users.properties");
    var store = new AccountFile(file);
    store.write(
        new TreeMap<>(
            Map.of(
                "alice",
                new Account(
                    "alice",
                    PasswordHashes.hash("pw-alice-1".toCharArray()),
                    Set.of("moi-user")))));
    accountsAt(file).bootstrap(null);
    assertThat(store.read()).containsOnlyKeys("alice");
    assertThat(dir.resolve("admin-password")).doesNotExist();
  }

  @Test
  void checksPasswordsAndSeesChangesToTheFileWithoutARestart() throws Exception {
    Path file = dir.resolve("users.properties");
    var store = new AccountFile(file);
    var accounts = new TreeMap<String, Account>();
    accounts.put(
        "alice",
        new Account("alice", PasswordHashes.hash("first-pass".toCharArray()), Set.of("moi-user")));
    store.write(accounts);
    Accounts server = accountsAt(file);
    assertThat(server.check("alice", "first-pass".toCharArray())).isPresent();
    assertThat(server.check("alice", "first-pass".toCharArray())).isPresent();
    assertThat(server.check("alice", "wrong".toCharArray())).isEmpty();
    assertThat(server.check("bob", "first-pass".toCharArray())).isEmpty();

    accounts.put(
        "alice",
        new Account(
            "alice",
            PasswordHashes.hash("second-pass".toCharArray()),
            Set.of("moi-user", "moi-exec")));
    store.write(accounts);
    Files.setLastModifiedTime(
        file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
    assertThat(server.check("alice", "first-pass".toCharArray())).isEmpty();
    assertThat(server.check("alice", "second-pass".toCharArray())).isPresent();
    assertThat(server.roles("alice")).contains("moi-exec");
  }

  @Test
  void aBrokenAccountFileLeavesTheAccountsLastReadInForce() throws Exception {
    Path file = dir.resolve("users.properties");
    var alice =
        new Account("alice", ControlBeans.quickHash("alice-password-1"), Set.of("moi-user"));
    new AccountFile(file).write(new TreeMap<>(Map.of("alice", alice)));
    Accounts server = accountsAt(file);
    assertThat(server.account("alice")).contains(alice);

    Files.writeString(file, "alice has no hash and no roles\n");
    Files.setLastModifiedTime(
        file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));

    assertThat(server.account("alice")).contains(alice);
    assertThat(server.all()).containsOnlyKeys("alice");
    assertThat(server.check("alice", "alice-password-1".toCharArray())).contains(alice);
  }

  @Test
  void withoutAnAccountFileThereIsNoAccount() {
    Accounts server = accountsAt(dir.resolve("users.properties"));

    assertThat(server.all()).isEmpty();
    assertThat(server.account("admin")).isEmpty();
    assertThat(server.roles("admin")).isEmpty();
  }
}
