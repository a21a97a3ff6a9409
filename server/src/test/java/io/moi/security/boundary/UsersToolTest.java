package io.moi.security.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import io.moi.security.control.AccountFile;
import io.moi.security.control.PasswordHashes;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsersToolTest {

  @TempDir Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String stdin, String... args) {
    var tool =
        new UsersTool(
            new PrintStream(out, true),
            new PrintStream(err, true),
            Map.of("MOI_USERS_FILE", dir.resolve("users.properties").toString()),
            new BufferedReader(new StringReader(stdin)));
    return tool.run(args);
  }

  @Test
  void addsListsChangesAndRemovesUsers() throws Exception {
    assertThat(run("alice-password\n", "add", "alice", "moi-user,moi-exec")).isZero();
    assertThat(run("", "list")).isZero();
    assertThat(out.toString()).contains("alice : ");
    var stored = new AccountFile(dir.resolve("users.properties")).read().get("alice");
    assertThat(PasswordHashes.matches("alice-password".toCharArray(), stored.passwordHash()))
        .isTrue();
    assertThat(stored.roles()).containsExactlyInAnyOrder("moi-user", "moi-exec");

    assertThat(run("new-password-1\n", "passwd", "alice")).isZero();
    stored = new AccountFile(dir.resolve("users.properties")).read().get("alice");
    assertThat(PasswordHashes.matches("new-password-1".toCharArray(), stored.passwordHash()))
        .isTrue();

    assertThat(run("", "roles", "alice", "moi-admin,moi-user")).isZero();
    assertThat(run("", "remove", "alice")).isZero();
    assertThat(new AccountFile(dir.resolve("users.properties")).read()).isEmpty();
  }

  @Test
  void refusesBadInputWithAMessageAndExitStatusOne() {
    assertThat(run("short\n", "add", "bob")).isEqualTo(1);
    assertThat(err.toString()).contains("at least 8 characters");
    assertThat(run("long-enough-1\n", "add", "bad name")).isEqualTo(1);
    assertThat(run("long-enough-1\n", "add", "bob", "moi-root")).isEqualTo(1);
    assertThat(err.toString()).contains("unknown role 'moi-root'");
    assertThat(run("", "passwd", "nobody")).isEqualTo(1);
    assertThat(err.toString()).contains("no user 'nobody'");
    assertThat(run("")).isEqualTo(2);
  }
}
