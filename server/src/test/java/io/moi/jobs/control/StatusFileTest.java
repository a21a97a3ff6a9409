package io.moi.jobs.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.moi.jobs.entity.JobStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusFileTest {

  @TempDir Path folder;

  private final List<String> posted = new ArrayList<>();
  private StatusFile statusFile;

  private StatusFile file() {
    if (statusFile == null) {
      statusFile = new StatusFile(folder, posted::add);
    }
    return statusFile;
  }

  private void append(String text) throws Exception {
    Files.writeString(
        folder.resolve(StatusFile.NAME),
        text,
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }

  @Test
  void noFileMeansNoStatus() {
    file().poll();
    file().finish();
    assertThat(posted).isEmpty();
  }

  @Test
  void aStatusFileThatIsALinkIsNotFollowed(@TempDir Path elsewhere) throws Exception {
    Path secret = Files.writeString(elsewhere.resolve("secret"), "the server's secret\n");
    Files.createSymbolicLink(folder.resolve(StatusFile.NAME), secret);

    file().poll();
    file().finish();

    assertThat(posted).isEmpty();
  }

  @Test
  void eachStepPostsTheNewestCompleteLine() throws Exception {
    append("reading rows\n");
    file().poll();
    append("10%\n20%\n30%\n");
    file().poll();
    file().poll();

    assertThat(posted).containsExactly("reading rows", "30%");
  }

  @Test
  void aLineIsPostedOnlyOnceItIsComplete() throws Exception {
    append("half");
    file().poll();
    assertThat(posted).isEmpty();

    append(" done\n");
    file().poll();
    assertThat(posted).containsExactly("half done");
  }

  @Test
  void theLastLineCountsWithoutANewlineOnceTheProcessEnded() throws Exception {
    append("first\nlast words");
    file().poll();
    file().finish();
    assertThat(posted).containsExactly("first", "last words");
  }

  @Test
  void blankLinesAndMoisOwnStatusesAreSkipped() throws Exception {
    append("working\n");
    file().poll();
    append("   \n");
    file().poll();
    append(JobStatus.SUCCESS + "\n");
    file().poll();
    assertThat(posted).containsExactly("working");
  }

  @Test
  void aLongLineIsCutToTheStatusLimit() throws Exception {
    append("x".repeat(JobStatus.MAX_LENGTH + 500) + "\n");
    file().poll();
    assertThat(posted).containsExactly("x".repeat(JobStatus.MAX_LENGTH));
  }

  @Test
  void aFileWrittenOverFromItsStartIsReadAgain() throws Exception {
    Path path = folder.resolve(StatusFile.NAME);
    Files.writeString(path, "a rather long first status\n");
    file().poll();
    Files.writeString(path, "second\n");
    file().poll();
    assertThat(posted).containsExactly("a rather long first status", "second");
  }

  @Test
  void aHugeBurstIsReadOnlyAtItsEnd() throws Exception {
    var burst = new StringBuilder();
    for (int i = 0; i < 100_000; i++) {
      burst.append("line ").append(i).append('\n');
    }
    append(burst.toString());
    file().poll();
    assertThat(posted).containsExactly("line 99999");
  }

  @Test
  void theSameStatusTwiceInARowIsPostedOnce() throws Exception {
    append("waiting\n");
    file().poll();
    append("waiting\n");
    file().poll();
    assertThat(posted).containsExactly("waiting");
  }

  @Test
  void aFailingPostDoesNotStopTheNextOnes() throws Exception {
    List<String> seen = new ArrayList<>();
    var flaky =
        new StatusFile(
            folder,
            status -> {
              seen.add(status);
              if (seen.size() == 1) {
                throw new IllegalStateException("Redis is away");
              }
            });
    append("one\n");
    flaky.poll();
    append("two\n");
    flaky.poll();
    assertThat(seen).containsExactly("one", "two");
  }

  @Test
  void aSystemCommandsStatusLinesReachTheJobWhileItRuns() throws Exception {
    List<String> statuses = new CopyOnWriteArrayList<>();
    var processes = new JobProcesses(new ProcessLimits(Duration.ofMinutes(1), 4096));
    var result =
        SystemCommand.run(
            "echo 'reading rows' >> \"$MOI_STATUS_FILE\"; sleep 0.5; echo '50% done' >> \"$MOI_STATUS_FILE\"; sleep 0.5; echo out",
            processes, "status-job", statuses::add);

    assertThat(result.get(0)).isEqualTo("out\n");
    assertThat(statuses).containsExactly("reading rows", "50% done");
  }

  @Test
  void aPythonJobPostsWithMoiUpdateStatus() throws Exception {
    List<String> statuses = new CopyOnWriteArrayList<>();
    var python =
        new PythonCode("python3", new JobProcesses(new ProcessLimits(Duration.ofMinutes(1), 4096)));
    var result =
        python.run(
            """
        import time
        moi_update_status('reading rows')
        time.sleep(0.5)
        moi_update_status('two\\nlines')
        return 7
        """,
            "status-job",
            statuses::add);

    assertThat(result).hasToString("7");
    assertThat(statuses).containsExactly("reading rows", "two lines");
  }
}
