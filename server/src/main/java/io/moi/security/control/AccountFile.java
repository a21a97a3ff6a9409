package io.moi.security.control;

import io.moi.security.entity.Account;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The account store: one line per user, {@code name=hash;role,role}. Written to a temporary file
 * and moved into place, so a reader never sees half a file; readable by its owner only.
 */
public final class AccountFile {

  private final Path path;

  public AccountFile(Path path) {
    this.path = path;
  }

  public Path path() {
    return path;
  }

  public Map<String, Account> read() throws IOException {
    Map<String, Account> accounts = new TreeMap<>();
    if (!Files.exists(path)) {
      return accounts;
    }
    int number = 0;
    for (String line : Files.readAllLines(path, StandardCharsets.UTF_8)) {
      number++;
      String text = line.strip();
      if (text.isEmpty() || text.startsWith("#")) {
        continue;
      }
      int eq = text.indexOf('=');
      int semi = text.lastIndexOf(';');
      if (eq < 1 || semi < eq) {
        throw new IOException(path + " line " + number + ": expected name=hash;roles");
      }
      String name = text.substring(0, eq);
      var roles = new LinkedHashSet<String>();
      for (String role : text.substring(semi + 1).split(",")) {
        if (!role.isBlank()) {
          roles.add(role.strip());
        }
      }
      try {
        accounts.put(name, new Account(name, text.substring(eq + 1, semi), roles));
      } catch (IllegalArgumentException e) {
        throw new IOException(path + " line " + number + ": " + e.getMessage(), e);
      }
    }
    return accounts;
  }

  public void write(Map<String, Account> accounts) throws IOException {
    Path dir = path.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    List<String> lines = new ArrayList<>();
    lines.add("# moi accounts: name=password-hash;roles. Edit with bin/moi-users.");
    for (Account a : accounts.values()) {
      lines.add(a.username() + "=" + a.passwordHash() + ";" + String.join(",", a.roles()));
    }
    Path temp = Files.createTempFile(dir, ".users-", ".tmp");
    try {
      setOwnerOnly(temp);
      Files.write(temp, lines, StandardCharsets.UTF_8);
      try {
        Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static void setOwnerOnly(Path file) {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException | IOException e) {
      // not a POSIX file system: the directory's permissions protect the file
    }
  }

  static String[] roleList(String text) {
    return Arrays.stream(text.split(","))
        .map(String::strip)
        .filter(s -> !s.isEmpty())
        .toArray(String[]::new);
  }
}
