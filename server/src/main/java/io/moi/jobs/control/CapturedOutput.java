package io.moi.jobs.control;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One output stream of a child process, in a temporary file that the child appends to. Every append
 * lands at the current end of the file, so cutting the file back to the cap while the child still
 * writes keeps the start and bounds the disk used, and the child runs on undisturbed. Only the cap
 * is ever read into memory.
 */
final class CapturedOutput implements AutoCloseable {

  // Cut back only once a file is well past the cap, so that a noisy child costs a
  // truncation per poll at most, not one per write.
  private static final long MIN_SLACK = 1024 * 1024;

  private final Path file;
  private final long cap;
  private final long cutAbove;
  private long dropped;
  private boolean cut;

  CapturedOutput(String suffix, long cap) throws IOException {
    this.file = Files.createTempFile("moi-out-", suffix);
    this.cap = cap;
    this.cutAbove = cap + Math.max(cap, MIN_SLACK);
  }

  Redirect redirect() {
    return Redirect.appendTo(file.toFile());
  }

  /** Cuts the file back to the cap when it has grown far past it, counting what was cut. */
  void bound() throws IOException {
    if (Files.size(file) <= cutAbove) {
      return;
    }
    try (var channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      long size = channel.size();
      channel.truncate(cap);
      dropped += size - cap;
      cut = true;
    }
  }

  /** The first {@code cap} bytes as text, with a note of how many bytes were dropped. */
  String text() throws IOException {
    byte[] kept;
    try (var channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      var buffer = ByteBuffer.allocate((int) Math.min(size, cap));
      while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
        // read until the cap or the end of the file
      }
      kept = buffer.array();
      dropped += size - kept.length;
    }
    // Invalid UTF-8 from a command becomes replacement characters, not an exception.
    String text = new String(kept, StandardCharsets.UTF_8);
    if (dropped == 0) {
      return text;
    }
    // Bytes written between measuring and cutting the file are lost uncounted.
    return text
        + "\n["
        + (cut ? "at least " : "")
        + dropped
        + " more bytes dropped: output is capped at "
        + cap
        + " bytes (moi.job.max-output)]\n";
  }

  @Override
  public void close() throws IOException {
    Files.deleteIfExists(file);
  }
}
