package io.moi.security.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin account made on a first start: its password is printed once and logs in. */
class GeneratedAdminTest {

  @TempDir Path dir;

  // The server's System.Logger goes to java.util.logging, as in Payara.
  private final Logger log = Logger.getLogger(Accounts.class.getName());
  private final List<LogRecord> records = new ArrayList<>();
  private final Handler recorder =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          records.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  @BeforeEach
  void record() {
    log.addHandler(recorder);
  }

  @AfterEach
  void stopRecording() {
    log.removeHandler(recorder);
  }

  private Accounts accountsAt(Path file) {
    var accounts = new Accounts();
    accounts.file = file.toString();
    return accounts;
  }

  @Test
  void thePrintedPasswordOfTheGeneratedAdminIsTwentyCharactersAndLogsIn() throws Exception {
    Accounts accounts = accountsAt(dir.resolve("users.properties"));

    accounts.bootstrap(null);

    String password = Files.readString(dir.resolve("admin-password")).strip();
    assertThat(password).hasSize(20);
    assertThat(accounts.check("admin", password.toCharArray())).isPresent();
    assertThat(accounts.check("admin", (password + "x").toCharArray())).isEmpty();
    LogRecord warning =
        records.stream().filter(r -> r.getLevel() == Level.WARNING).findFirst().orElseThrow();
    assertThat(new SimpleFormatter().formatMessage(warning))
        .contains(
            "admin password: " + password,
            "also in "
                + dir.resolve("admin-password").toAbsolutePath()
                + " (readable by its owner only)");
  }

  @Test
  void twoFirstStartsGetDifferentPasswords() throws Exception {
    List<String> passwords = new ArrayList<>();
    for (String name : List.of("one", "two")) {
      Path folder = Files.createDirectories(dir.resolve(name));
      accountsAt(folder.resolve("users.properties")).bootstrap(null);
      passwords.add(Files.readString(folder.resolve("admin-password")).strip());
    }
    assertThat(passwords).hasSize(2).doesNotHaveDuplicates().allMatch(p -> p.length() == 20);
  }

  @Test
  void aBrokenAccountFileIsReportedAndNeitherReplacedNorGivenAnAdmin() throws Exception {
    Path file = dir.resolve("users.properties");
    Files.writeString(file, "alice has no hash and no roles\n");

    accountsAt(file).bootstrap(null);

    assertThat(Files.readString(file)).isEqualTo("alice has no hash and no roles\n");
    assertThat(dir.resolve("admin-password")).doesNotExist();
    assertThat(records)
        .anySatisfy(
            r -> {
              assertThat(r.getLevel()).isEqualTo(Level.SEVERE);
              assertThat(r.getMessage()).contains("Cannot read or create the account file " + file);
            });
  }
}
