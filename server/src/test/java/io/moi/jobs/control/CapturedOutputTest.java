package io.moi.jobs.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;

/** One captured output stream, written to here as a child process would append to it. */
class CapturedOutputTest {

  private static final int MIB = 1024 * 1024;

  private static Path fileOf(CapturedOutput output) {
    return output.redirect().file().toPath();
  }

  private static void append(CapturedOutput output, int bytes) throws Exception {
    Files.write(fileOf(output), "x".repeat(bytes).getBytes(), StandardOpenOption.APPEND);
  }

  @Test
  void theChildAppendsToAFileThatIsGoneWhenClosed() throws Exception {
    Path file;
    try (var output = new CapturedOutput(".out", 100)) {
      assertThat(output.redirect().type()).isEqualTo(Redirect.Type.APPEND);
      file = fileOf(output);
      assertThat(file).exists().isEmptyFile();
      assertThat(file.getFileName().toString()).startsWith("moi-out-").endsWith(".out");
    }
    assertThat(file).doesNotExist();
  }

  @Test
  void outputWithinTheCapIsKeptWhole() throws Exception {
    try (var output = new CapturedOutput(".out", 10)) {
      append(output, 10);
      output.bound();
      assertThat(output.text()).isEqualTo("x".repeat(10));
    }
  }

  @Test
  void aFileIsCutBackOnlyOnceItIsMoreThanTheSlackPastTheCap() throws Exception {
    try (var output = new CapturedOutput(".out", 10)) {
      append(output, 10 + MIB);
      output.bound();
      assertThat(Files.size(fileOf(output))).isEqualTo(10 + MIB);

      append(output, 1);
      output.bound();
      assertThat(Files.size(fileOf(output))).isEqualTo(10);
      append(output, 5);

      assertThat(output.text())
          .isEqualTo(
              "x".repeat(10)
                  + "\n[at least "
                  + (MIB + 1 + 5)
                  + " more bytes dropped: output is capped at 10 bytes (moi.job.max-output)]\n");
    }
  }

  @Test
  void aLargeCapLeavesASlackAsLargeAsItself() throws Exception {
    try (var output = new CapturedOutput(".out", 2 * MIB)) {
      append(output, 4 * MIB);
      output.bound();
      assertThat(Files.size(fileOf(output))).isEqualTo(4 * MIB);
      append(output, 1);
      output.bound();
      assertThat(Files.size(fileOf(output))).isEqualTo(2 * MIB);
    }
  }

  @Test
  void whatIsReadPastTheCapIsCountedExactlyWhenNothingWasCutBefore() throws Exception {
    try (var output = new CapturedOutput(".err", 4)) {
      append(output, 7);
      assertThat(output.text())
          .isEqualTo(
              "xxxx\n[3 more bytes dropped: output is capped at 4 bytes (moi.job.max-output)]\n");
    }
  }

  @Test
  void readingTheTextAgainCountsWhatWasDroppedOnce() throws Exception {
    try (var output = new CapturedOutput(".out", 4)) {
      append(output, 7);
      output.text();
      output.text();
      assertThat(output.text())
          .isEqualTo(
              "xxxx\n[3 more bytes dropped: output is capped at 4 bytes (moi.job.max-output)]\n");
      append(output, 10 + MIB);
      output.bound();
      output.text();
      assertThat(output.text())
          .isEqualTo(
              "xxxx\n[at least "
                  + (MIB + 13)
                  + " more bytes dropped: output is capped at 4 bytes (moi.job.max-output)]\n");
    }
  }
}
