package io.moi.security.control;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The generated password of the first {@code admin}, kept in {@code admin-password} next to the
 * account file. The server log scrolls away and may be readable by others; this file is created
 * readable by its owner only, before the password goes into it.
 */
public final class AdminPasswordFile {

  static final String NAME = "admin-password";

  private final Path path;

  public AdminPasswordFile(Path accountFile) {
    this.path = accountFile.toAbsolutePath().resolveSibling(NAME);
  }

  public Path path() {
    return path;
  }

  /**
   * Deletes the file once the password it holds is no longer the account's (changed, or the account
   * removed); true when there was one.
   */
  public boolean forget() throws IOException {
    return Files.deleteIfExists(path);
  }

  /** Replaces the file: a left-over one could be readable by others. */
  public void write(String password) throws IOException {
    Files.deleteIfExists(path);
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      Files.createFile(
          path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } else {
      Files.createFile(path); // not a POSIX file system: the folder's permissions protect it
    }
    Files.writeString(path, password + "\n", StandardCharsets.UTF_8);
  }
}
