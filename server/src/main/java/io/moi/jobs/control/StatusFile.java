package io.moi.jobs.control;

import io.moi.jobs.entity.JobStatus;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The file a python or system job writes status lines to ({@code MOI_STATUS_FILE}; python's {@code
 * moi_update_status} writes there too). The job's own thread reads it at each step of its wait
 * (every 100 ms) and once more when the process has ended; each step posts at most the newest
 * complete line, so a job posts at most ten statuses a second and lines written faster are
 * superseded by the newest. Statuses have the limits of any other: blank lines and the statuses moi
 * writes itself are skipped, longer lines are cut to {@link JobStatus#MAX_LENGTH} characters. A
 * file that is cut short (written with {@code >} rather than {@code >>}) is read again from its
 * start.
 */
final class StatusFile {

  static final String NAME = "moi-status";

  private static final System.Logger LOG = System.getLogger(StatusFile.class.getName());
  // Only the newest line counts: a step never reads more than this of what was appended.
  private static final int MAX_READ = 64 * 1024;

  private final Path file;
  private final Consumer<String> statuses;
  private long offset;
  private byte[] partial = new byte[0];
  private String lastPosted;

  /** {@code statuses} receives each status to post (the job's {@code statusUpdate}). */
  StatusFile(Path folder, Consumer<String> statuses) {
    this.file = folder.resolve(NAME);
    this.statuses = statuses;
  }

  /** Posts the newest complete line written since the last step, if any. */
  void poll() {
    String newest = newestLine(false);
    if (newest != null) {
      post(newest);
    }
  }

  /** The process has ended: its last line counts even without a newline. */
  void finish() {
    String newest = newestLine(true);
    if (newest != null) {
      post(newest);
    }
  }

  private String newestLine(boolean ended) {
    byte[] appended;
    // Never through a link: the job could point one at a file of the server's.
    try (var channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      long size = channel.size();
      if (size < offset) {
        offset = 0;
        partial = new byte[0];
      }
      if (size == offset && !(ended && partial.length > 0)) {
        return null;
      }
      long from = Math.max(offset, size - MAX_READ);
      if (from > offset) {
        partial = new byte[0];
      }
      var buffer = ByteBuffer.allocate((int) (size - from));
      while (buffer.hasRemaining() && channel.read(buffer, from + buffer.position()) > 0) {
        // reads until the size seen above
      }
      offset = from + buffer.position();
      appended = new byte[partial.length + buffer.position()];
      System.arraycopy(partial, 0, appended, 0, partial.length);
      System.arraycopy(buffer.array(), 0, appended, partial.length, buffer.position());
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      if (java.nio.file.Files.isSymbolicLink(file)) {
        return null; // the job's own doing: its statuses stop
      }
      LOG.log(System.Logger.Level.WARNING, "Cannot read the job's status file {0}: {1}", file, e);
      return null;
    }
    int end = appended.length;
    int lastNewline = lastIndexOf(appended, end);
    if (!ended) {
      partial = Arrays.copyOfRange(appended, lastNewline + 1, end);
      end = lastNewline;
    } else {
      partial = new byte[0];
    }
    // The newest non-blank line before `end`.
    while (end > 0) {
      int start = lastIndexOf(appended, end) + 1;
      String line = new String(appended, start, end - start, StandardCharsets.UTF_8).strip();
      if (!line.isEmpty()) {
        return line;
      }
      end = start - 1;
    }
    return null;
  }

  private static int lastIndexOf(byte[] bytes, int before) {
    for (int i = before - 1; i >= 0; i--) {
      if (bytes[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private void post(String line) {
    String status =
        line.length() > JobStatus.MAX_LENGTH ? line.substring(0, JobStatus.MAX_LENGTH) : line;
    if (status.equals(lastPosted)) {
      return;
    }
    try {
      statuses.accept(JobStatus.checkUpdate(status));
      lastPosted = status;
    } catch (IllegalArgumentException e) {
      LOG.log(System.Logger.Level.INFO, "Status line of a job skipped: {0}", e.getMessage());
    } catch (RuntimeException e) {
      // The job goes on; its next status or its end is written when Redis is back.
      LOG.log(System.Logger.Level.WARNING, "Cannot post a job's status: {0}", e.toString());
    }
  }
}
