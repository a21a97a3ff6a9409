package io.moi.jobs.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Python jobs forked from a warm interpreter ({@code moi.job.python-forks}): every test of {@link
 * PythonCodeTest} again, and what only forking could get wrong.
 */
class PythonForksTest extends PythonCodeTest {

  @Override
  boolean forks() {
    return true;
  }

  @Test
  void jobsAreForkedFromOneWarmInterpreterNotStartedEach() throws Exception {
    String parent = "import os; return os.getppid()";
    long first = Long.parseLong(python.run(parent).toString());
    long second = Long.parseLong(python.run(parent).toString());

    assertThat(second).isEqualTo(first).isNotEqualTo(ProcessHandle.current().pid());
    assertThat(ProcessHandle.of(first).flatMap(p -> p.info().commandLine()).orElse(""))
        .contains("moi_forks.py");
  }

  @Test
  void jobsLeaveNoFileDescriptorOpenInTheServer() throws Exception {
    python.run("return 0"); // the warm interpreter's own are open from here on
    long before = openFileDescriptors();

    for (int i = 0; i < 40; i++) {
      python.run("return " + i);
    }

    // A few may come and go with the JVM's own work; a leak would be several per job.
    assertThat(openFileDescriptors()).isLessThan(before + 10);
  }

  private static long openFileDescriptors() throws Exception {
    try (var fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.count();
    }
  }

  @Test
  void eachJobIsAProcessOfItsOwnInItsFolderWithItsEnvironment() throws Exception {
    String body =
        """
        import os, sys
        return {"session": os.getsid(0) == os.getpid(), "cwd": os.getcwd(),
                "tmp": os.environ["TMPDIR"], "id": os.environ.get("MOI_JOB_ID"),
                "names": sorted(os.environ), "path0": sys.path[0],
                "stdin": sys.stdin.read()}
        """;
    var first = python.run(body, "job-one").asJsonObject();
    var second = python.run(body, "job-two").asJsonObject();

    assertThat(first.getBoolean("session")).isTrue();
    assertThat(first.getString("cwd"))
        .isEqualTo(first.getString("tmp"))
        .isEqualTo(first.getString("path0"))
        .isNotEqualTo(second.getString("cwd"));
    assertThat(first.getString("id")).isEqualTo("job-one");
    assertThat(second.getString("id")).isEqualTo("job-two");
    assertThat(first.getJsonArray("names").getValuesAs(jakarta.json.JsonString::getString))
        .containsExactlyInAnyOrderElementsOf(
            JobEnvironment.ofServer()
                .forJob("job-one", JobUser.serversOwn(), Path.of("/tmp"))
                .keySet());
    assertThat(first.getString("stdin")).isEmpty();
  }

  @Test
  void aJobThatLinksItsOutputFileElsewhereDoesNotGetThatFileRead(@TempDir Path dir)
      throws Exception {
    Path secret = Files.writeString(dir.resolve("secret"), "the server's secret");
    String body =
        """
        import os
        os.remove("moi-stdout")
        os.symlink("%s", "moi-stdout")
        print("printed after the swap")
        raise ValueError("shown with the output")
        """
            .formatted(secret);

    var failure = Failures.thrownBy(() -> python.run(body));

    assertThat(failure.text()).contains("printed after the swap").doesNotContain("secret");
  }

  @Test
  void aWarmInterpreterThatDiesFailsItsJobAndTheNextJobStartsAnother() throws Exception {
    long first = Long.parseLong(python.run("import os; return os.getppid()").toString());

    var failure =
        Failures.thrownBy(
            () ->
                python.run(
                    "import os, time\n"
                        + "with open(f'/proc/{os.getppid()}/cmdline', 'rb') as parent:\n"
                        + "    if b'moi_forks.py' in parent.read():\n"
                        + "        os.kill(os.getppid(), 9)\n"
                        + "time.sleep(5)"));
    long second = Long.parseLong(python.run("import os; return os.getppid()").toString());

    assertThat(failure.last())
        .startsWith("The warm python interpreter that started the job ended before it");
    assertThat(second).isNotEqualTo(first);
  }

  @Test
  void aStoppedJobsForkedProcessIsStoppedWithItsChildren() throws Exception {
    var processes = new JobProcesses(new ProcessLimits(Duration.ofMinutes(1), 4096));
    var code = python("python3", processes);
    var waiting = new CountDownLatch(1);
    var run =
        CompletableFuture.supplyAsync(
            () ->
                Failures.thrownBy(
                    () ->
                        code.run(
                            "import subprocess, time\n"
                                + "subprocess.Popen(['sleep', '317'])\n"
                                + "moi_update_status('waiting')\n"
                                + "time.sleep(300)",
                            "stopped-job",
                            status -> waiting.countDown())));

    assertThat(waiting.await(20, TimeUnit.SECONDS)).isTrue();
    assertThat(processes.stop("stopped-job")).isEqualTo("SIGTERM");
    assertThat(run.get(20, TimeUnit.SECONDS).last())
        .isEqualTo("Killed by signal 15 (SIGTERM): python code\n");
    assertThat(
            ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").equals("sleep 317")))
        .isEmpty();
  }
}
