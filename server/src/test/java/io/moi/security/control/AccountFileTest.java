package io.moi.security.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The account file as people edit it: comments, blank lines, and mistakes named by line. */
class AccountFileTest {

  @TempDir Path dir;

  private AccountFile file(String text) throws IOException {
    Path path = dir.resolve("users.properties");
    Files.writeString(path, text);
    return new AccountFile(path);
  }

  @Test
  void commentsAndBlankLinesAreSkippedAndRolesReadWithoutBlanks() throws Exception {
    var accounts =
        file("# moi accounts\n\n  \nalice=pbkdf2-sha256:1:c2FsdA==:aGFzaA==; moi-user , moi-exec,\n")
            .read();

    assertThat(accounts).containsOnlyKeys("alice");
    assertThat(accounts.get("alice").passwordHash()).isEqualTo("pbkdf2-sha256:1:c2FsdA==:aGFzaA==");
    assertThat(accounts.get("alice").roles()).containsExactlyInAnyOrder("moi-user", "moi-exec");
  }

  @Test
  void aOneLetterNameIsAName() throws Exception {
    assertThat(file("a=hash;moi-user\n").read()).containsOnlyKeys("a");
  }

  @Test
  void aLineWithoutNameOrRolesIsAnErrorThatNamesTheLine() throws Exception {
    assertThatThrownBy(() -> file("# accounts\n=hash;moi-user\n").read())
        .isInstanceOf(IOException.class)
        .hasMessageEndingWith("line 2: expected name=hash;roles");
    assertThatThrownBy(() -> file("alice=hash\n").read())
        .isInstanceOf(IOException.class)
        .hasMessageEndingWith("line 1: expected name=hash;roles");
    assertThatThrownBy(() -> file("alice;moi-user=hash\n").read())
        .isInstanceOf(IOException.class)
        .hasMessageEndingWith("line 1: expected name=hash;roles");
    assertThatThrownBy(() -> file("alice=hash;moi-root\n").read())
        .isInstanceOf(IOException.class)
        .hasMessageContaining("line 1: unknown role 'moi-root'");
  }

  @Test
  void aMissingFileHasNoAccounts() throws Exception {
    assertThat(new AccountFile(dir.resolve("nowhere.properties")).read()).isEmpty();
  }
}
