package io.moi.security.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import io.moi.security.control.AccountFile;
import io.moi.security.control.PasswordHashes;
import io.moi.security.entity.Account;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/moi-users, command by command: what each writes to the file, prints and exits with. */
class UsersToolCommandsTest {

  @TempDir Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final Map<String, String> env = new HashMap<>();

  private int run(String stdin, String... args) {
    out.reset();
    err.reset();
    env.putIfAbsent("MOI_USERS_FILE", file().toString());
    var tool =
        new UsersTool(
            new PrintStream(out, true),
            new PrintStream(err, true),
            env,
            new BufferedReader(new StringReader(stdin)));
    return tool.run(args);
  }

  private Path file() {
    return dir.resolve("users.properties");
  }

  private Account stored(String name) throws IOException {
    return new AccountFile(file()).read().get(name);
  }

  @Test
  void changingTheAdminsPasswordDeletesTheFileWithTheGeneratedOne() throws Exception {
    assertThat(run("first-password\n", "add", "admin", "moi-user,moi-admin")).isZero();
    Path generated = dir.resolve("admin-password");
    Files.writeString(generated, "first-password\n");
    assertThat(run("first-password\n", "add", "alice")).isZero();
    assertThat(run("new-password\n", "passwd", "alice")).isZero();
    assertThat(generated).as("another user's new password leaves it").exists();

    assertThat(run("new-password\n", "passwd", "admin")).isZero();

    assertThat(generated).doesNotExist();
    assertThat(out.toString()).contains("deleted " + generated.toAbsolutePath());
  }

  @Test
  void removingTheAdminDeletesTheFileWithTheGeneratedPassword() throws Exception {
    assertThat(run("first-password\n", "add", "admin", "moi-user,moi-admin")).isZero();
    Path generated = dir.resolve("admin-password");
    Files.writeString(generated, "first-password\n");

    assertThat(run("", "remove", "admin")).isZero();

    assertThat(generated).doesNotExist();
  }

  @Test
  void addingAnExistingUserIsRefusedAndLeavesTheAccountAsItWas() throws Exception {
    assertThat(run("first-password\n", "add", "alice", "moi-user,moi-exec")).isZero();
    Account before = stored("alice");

    assertThat(run("second-password\n", "add", "alice", "moi-admin")).isEqualTo(1);

    assertThat(err.toString()).isEqualTo("moi-users: user 'alice' exists; use passwd or roles\n");
    assertThat(out.toString()).isEmpty();
    Account after = stored("alice");
    assertThat(after).isEqualTo(before);
    assertThat(PasswordHashes.matches("first-password".toCharArray(), after.passwordHash()))
        .isTrue();
    assertThat(PasswordHashes.matches("second-password".toCharArray(), after.passwordHash()))
        .isFalse();
  }

  @Test
  void addWithoutRolesMakesAPlainUserAndSaysSo() throws Exception {
    assertThat(run("bobs-password\n", "add", "bob")).isZero();

    assertThat(out.toString()).isEqualTo("added bob (moi-user)\n");
    assertThat(stored("bob").roles()).containsExactly("moi-user");
    assertThat(PasswordHashes.matches("bobs-password".toCharArray(), stored("bob").passwordHash()))
        .isTrue();
  }

  @Test
  void rolesAreWrittenToTheFileAndThePasswordKept() throws Exception {
    run("alice-password\n", "add", "alice");
    String hash = stored("alice").passwordHash();

    assertThat(run("", "roles", "alice", " moi-admin, ,moi-exec ")).isZero();

    assertThat(stored("alice").roles()).containsExactlyInAnyOrder("moi-admin", "moi-exec");
    assertThat(stored("alice").passwordHash()).isEqualTo(hash);
    assertThat(out.toString()).startsWith("alice : ").contains("moi-admin").contains("moi-exec");
  }

  @Test
  void rolesNeedAtLeastOneKnownRole() throws Exception {
    run("alice-password\n", "add", "alice", "moi-exec");

    assertThat(run("", "roles", "alice", " , ")).isEqualTo(1);
    assertThat(err.toString()).isEqualTo("moi-users: give at least one role\n");
    assertThat(run("", "roles", "alice", "moi-root")).isEqualTo(1);
    assertThat(err.toString()).contains("unknown role 'moi-root'");
    assertThat(run("", "roles", "alice")).isEqualTo(1);
    assertThat(err.toString()).isEqualTo("moi-users: usage: moi-users roles NAME ROLE,...\n");

    assertThat(stored("alice").roles()).containsExactly("moi-exec");
  }

  @Test
  void passwdChangesThePasswordAndKeepsTheRoles() throws Exception {
    run("old-password\n", "add", "alice", "moi-exec,moi-user");

    assertThat(run("new-password\n", "passwd", "alice")).isZero();

    assertThat(out.toString()).isEqualTo("password of alice changed\n");
    Account alice = stored("alice");
    assertThat(PasswordHashes.matches("new-password".toCharArray(), alice.passwordHash())).isTrue();
    assertThat(PasswordHashes.matches("old-password".toCharArray(), alice.passwordHash()))
        .isFalse();
    assertThat(alice.roles()).containsExactlyInAnyOrder("moi-exec", "moi-user");
  }

  @Test
  void removeDeletesOnlyThatUser() throws Exception {
    run("alice-password\n", "add", "alice");
    run("bobs-password\n", "add", "bob");

    assertThat(run("", "remove", "alice")).isZero();

    assertThat(out.toString()).isEqualTo("removed alice\n");
    assertThat(new AccountFile(file()).read()).containsOnlyKeys("bob");
    assertThat(run("", "remove", "alice")).isEqualTo(1);
    assertThat(err.toString()).isEqualTo("moi-users: no user 'alice'\n");
  }

  @Test
  void listPrintsEachUserWithTheirRoles() throws Exception {
    run("alice-password\n", "add", "alice", "moi-admin");
    run("bobs-password\n", "add", "bob");

    assertThat(run("", "list")).isZero();

    assertThat(out.toString()).isEqualTo("alice : moi-admin\nbob : moi-user\n");
  }

  @Test
  void thePasswordComesFromMoiPasswordBeforeStandardInput() throws Exception {
    env.put("MOI_PASSWORD", "from-the-environment");

    assertThat(run("from-standard-input\n", "add", "alice")).isZero();

    assertThat(
            PasswordHashes.matches(
                "from-the-environment".toCharArray(), stored("alice").passwordHash()))
        .isTrue();
  }

  @Test
  void anEmptyMoiPasswordFallsBackToStandardInput() throws Exception {
    env.put("MOI_PASSWORD", "");

    assertThat(run("from-standard-input\n", "add", "alice")).isZero();

    assertThat(
            PasswordHashes.matches(
                "from-standard-input".toCharArray(), stored("alice").passwordHash()))
        .isTrue();
  }

  @Test
  void aMissingOrShortPasswordIsRefusedAndNothingWritten() throws Exception {
    assertThat(run("", "add", "alice")).isEqualTo(1);
    assertThat(err.toString())
        .isEqualTo("moi-users: no password given (MOI_PASSWORD, terminal or standard input)\n");
    assertThat(run("seven-c\n", "add", "alice")).isEqualTo(1);
    assertThat(err.toString()).isEqualTo("moi-users: a password needs at least 8 characters\n");
    assertThat(run("eight-ch\n", "add", "alice")).isZero();
    assertThat(Files.exists(file())).isTrue();
    assertThat(new AccountFile(file()).read()).containsOnlyKeys("alice");
  }

  @Test
  void theFileOptionWinsOverTheEnvironment() throws Exception {
    Path other = dir.resolve("other.properties");

    assertThat(run("alice-password\n", "--file", other.toString(), "add", "alice")).isZero();

    assertThat(new AccountFile(other).read()).containsOnlyKeys("alice");
    assertThat(Files.exists(file())).isFalse();
  }

  @Test
  void noCommandPrintsTheUsageOnStandardErrorWithStatusTwo() {
    assertThat(run("")).isEqualTo(2);
    assertThat(err.toString()).isEqualTo(UsersTool.USAGE);
    assertThat(out.toString()).isEmpty();

    assertThat(run("", "--file", file().toString())).isEqualTo(2);
    assertThat(err.toString()).isEqualTo(UsersTool.USAGE);
  }

  @Test
  void helpPrintsTheUsageOnStandardOutputWithStatusZero() {
    assertThat(run("", "--help")).isZero();
    assertThat(out.toString()).isEqualTo(UsersTool.USAGE);
    assertThat(err.toString()).isEmpty();

    assertThat(run("", "-h")).isZero();
    assertThat(out.toString()).isEqualTo(UsersTool.USAGE);
  }

  @Test
  void wrongUseIsOneLineOnStandardErrorWithStatusOne() {
    assertThat(run("", "frobnicate")).isEqualTo(1);
    assertThat(err.toString())
        .startsWith("moi-users: unknown command 'frobnicate'\n")
        .contains("usage: moi-users");
    assertThat(run("", "add")).isEqualTo(1);
    assertThat(err.toString()).isEqualTo("moi-users: usage: moi-users add NAME [ROLE,...]\n");
    assertThat(run("password-1\n", "add", "alice", "moi-user", "extra")).isEqualTo(1);
    assertThat(err.toString()).isEqualTo("moi-users: usage: moi-users add NAME [ROLE,...]\n");
    assertThat(run("", "passwd")).isEqualTo(1);
    assertThat(err.toString()).isEqualTo("moi-users: usage: moi-users passwd NAME\n");
    assertThat(run("", "passwd", "alice", "extra")).isEqualTo(1);
    assertThat(err.toString()).isEqualTo("moi-users: usage: moi-users passwd NAME\n");
    assertThat(run("", "remove")).isEqualTo(1);
    assertThat(err.toString()).isEqualTo("moi-users: usage: moi-users remove NAME\n");
    assertThat(run("", "remove", "alice", "bob")).isEqualTo(1);
    assertThat(err.toString()).isEqualTo("moi-users: usage: moi-users remove NAME\n");
    assertThat(out.toString()).isEmpty();
    assertThat(Files.exists(file())).isFalse();
  }

  @Test
  void anUnreadableAccountFileIsAnErrorNotAnEmptyStore() throws Exception {
    Files.writeString(file(), "this line is not an account\n");

    assertThat(run("", "list")).isEqualTo(1);

    assertThat(err.toString()).startsWith("moi-users: ").contains("line 1");
  }

  @Test
  void withNeitherTerminalNorStandardInputNoPasswordIsGiven() throws Exception {
    var tool =
        new UsersTool(
            new PrintStream(out, true),
            new PrintStream(err, true),
            Map.of("MOI_USERS_FILE", file().toString()),
            null);

    assertThat(tool.run("add", "alice")).isEqualTo(1);

    assertThat(err.toString())
        .isEqualTo("moi-users: no password given (MOI_PASSWORD, terminal or standard input)\n");
    assertThat(Files.exists(file())).isFalse();
  }
}
