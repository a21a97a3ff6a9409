package io.moi.jobs.control;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * One output stream of a child process, in a temporary file that the child appends to. Every append
 * lands at the current end of the file, so cutting the file back to the cap while the child still
 * writes keeps the start and bounds the disk used, and the child runs on undisturbed. Only the cap
 * is ever read into memory. The server reads and cuts the file through the channel it opened when
 * it made the file: a file in the job's folder that the job replaces (by a link to a file of the
 * server's, say) is not what the server reads.
 */
final class CapturedOutput implements AutoCloseable {

  // Cut back only once a file is well past the cap, so that a noisy child costs a
  // truncation per poll at most, not one per write.
  private static final long MIN_SLACK = 1024 * 1024;

  private final Path file;
  private final FileChannel channel;
  private final long cap;
  private final long cutAbove;
  private long dropped;
  private boolean cut;

  /** A file of the server's own, in its temporary folder, that the child inherits. */
  CapturedOutput(String suffix, long cap) throws IOException {
    this(Files.createTempFile("moi-out-", suffix), cap);
  }

  private CapturedOutput(Path file, long cap) throws IOException {
    this.file = file;
    this.cap = cap;
    this.cutAbove = cap + Math.max(cap, MIN_SLACK);
    try {
      this.channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
    } catch (IOException e) {
      Files.deleteIfExists(file);
      throw e;
    }
  }

  /**
   * A file in the job's folder that the job's process opens itself (a process forked by the warm
   * python interpreter inherits nothing of the server's): writable by the job's user.
   */
  static CapturedOutput inFolder(JobFolder folder, String name, long cap) throws IOException {
    Path file =
        Files.createFile(
            folder.path().resolve(name),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw--w--w-")));
    // The mode asked for at creation is narrowed by the umask.
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw--w--w-"));
    return new CapturedOutput(file, cap);
  }

  Redirect redirect() {
    return Redirect.appendTo(file.toFile());
  }

  Path path() {
    return file;
  }

  /** Cuts the file back to the cap when it has grown far past it, counting what was cut. */
  void bound() throws IOException {
    long size = channel.size();
    if (size <= cutAbove) {
      return;
    }
    channel.truncate(cap);
    dropped += size - cap;
    cut = true;
  }

  /**
   * The first {@code cap} bytes as text, with a note of how many bytes were dropped; reading it
   * again gives the same text while the file does not change.
   */
  String text() throws IOException {
    byte[] kept;
    long size = channel.size();
    var buffer = ByteBuffer.allocate((int) Math.min(size, cap));
    while (buffer.hasRemaining() && channel.read(buffer, buffer.position()) >= 0) {
      // read until the cap or the end of the file
    }
    kept = buffer.array();
    long notKept = dropped + size - kept.length;
    // Invalid UTF-8 from a command becomes replacement characters, not an exception.
    String text = new String(kept, StandardCharsets.UTF_8);
    if (notKept == 0) {
      return text;
    }
    // Bytes written between measuring and cutting the file are lost uncounted.
    return text
        + "\n["
        + (cut ? "at least " : "")
        + notKept
        + " more bytes dropped: output is capped at "
        + cap
        + " bytes (moi.job.max-output)]\n";
  }

  @Override
  public void close() throws IOException {
    channel.close();
    Files.deleteIfExists(file);
  }
}
