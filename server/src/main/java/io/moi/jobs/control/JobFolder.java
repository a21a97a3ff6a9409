package io.moi.jobs.control;

import java.io.File;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A job's private folder: its working directory and its {@code TMPDIR}, usable by the user the job
 * runs as and by no one else, removed with everything in it when the job ends. The server keeps its
 * own files (the captured output, moi's launcher) where it can read them back.
 */
final class JobFolder implements AutoCloseable {

  private static final Logger LOG = System.getLogger(JobFolder.class.getName());

  private final Path path;
  private final JobUser user;

  private JobFolder(Path path, JobUser user) {
    this.path = path;
    this.user = user;
  }

  /**
   * Creates the folder: owned by the job user when the server is root; when the server uses sudo,
   * the server's own with the job user's group (the server's user must be in it).
   */
  static JobFolder create(JobUser user) throws IOException, CommandFailedException {
    user.failIfUnusable();
    Path path = Files.createTempDirectory("moi-job-");
    var folder = new JobFolder(path, user);
    try {
      if (user.isOther() && user.bySudo()) {
        Files.setAttribute(path, "unix:gid", (int) user.gid());
        // setgid: what the server writes here belongs to the job user's group too.
        Files.setAttribute(path, "unix:mode", 02770);
      } else if (user.isOther()) {
        Files.setAttribute(path, "unix:uid", (int) user.uid());
        Files.setAttribute(path, "unix:gid", (int) user.gid());
      }
    } catch (IOException e) {
      folder.close();
      throw new CommandFailedException(
          "Cannot give the job's folder to moi.job.run-as user '"
              + user.name().orElse("")
              + "' ("
              + e
              + "); with sudo, the server's user must be in that"
              + " user's group (usermod -aG <group> <server user>)");
    }
    return folder;
  }

  Path path() {
    return path;
  }

  /** Writes a file of moi's that the job reads: readable by the job user, writable by none. */
  Path writeForJob(String name, String content) throws IOException {
    Path file = Files.writeString(path.resolve(name), content);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r--r--"));
    return file;
  }

  @Override
  public void close() {
    try {
      deleteTree();
    } catch (IOException e) {
      if (!user.bySudo() || !removeAsJobUser()) {
        LOG.log(Level.WARNING, "Could not remove the job folder {0}: {1}", path, e.toString());
      }
    }
  }

  private void deleteTree() throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    Files.walkFileTree(
        path,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
            if (e != null) {
              throw e;
            }
            Files.delete(dir);
            return FileVisitResult.CONTINUE;
          }
        });
  }

  // Folders the job made are its user's own: through sudo only that user can empty them.
  private boolean removeAsJobUser() {
    try {
      Process rm =
          new ProcessBuilder(user.privileged(List.of("rm", "-rf", "--", path.toString())))
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!rm.waitFor(30, TimeUnit.SECONDS)) {
        rm.destroyForcibly();
      }
      deleteTree();
      return !Files.exists(path);
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
