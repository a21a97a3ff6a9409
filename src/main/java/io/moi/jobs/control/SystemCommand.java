package io.moi.jobs.control;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs a shell command with {@code /bin/sh -c}. Output goes to temporary files rather than
 * pipes, so a command that writes a lot to both streams cannot dead-lock against its reader.
 */
public final class SystemCommand {

  private SystemCommand() {}

  /** Returns {@code [stdout, stderr, exit_code]}; a non-zero exit throws with the same text. */
  public static List<Object> run(String command) throws Exception {
    Path out = Files.createTempFile("moi-cmd-", ".out");
    Path err = Files.createTempFile("moi-cmd-", ".err");
    try {
      Process process =
          new ProcessBuilder("/bin/sh", "-c", command)
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .start();
      int exit;
      try {
        exit = process.waitFor();
      } catch (InterruptedException e) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        Thread.currentThread().interrupt();
        throw e;
      }
      String stdout = read(out);
      String stderr = read(err);
      if (exit != 0) {
        throw new CommandFailedException(command, stdout, stderr);
      }
      return List.of(stdout, stderr, exit);
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  private static String read(Path file) throws IOException {
    // Invalid UTF-8 from a command becomes replacement characters, not an exception.
    return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
  }
}
