package io.moi.jobs.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.moi.Settings;
import io.moi.jobs.entity.CodeType;
import io.moi.tree.entity.Info;
import io.moi.tree.entity.Lineage;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Code jobs made with the limits and environment of the settings. */
class CodeJobsTest {

  private static RunningJob job(String id) {
    var group = Info.newGroup("group", "group", null, io.moi.tree.entity.Dates.now());
    // Only the job's ID is read: nothing is written.
    return new RunningJob(
        Info.newJob(id, "job", "group", "default", null, io.moi.tree.entity.Dates.now()),
        new Lineage(List.of("group"), group),
        null);
  }

  private static Object run(Settings settings, CodeType type, String code) throws Exception {
    var codeJobs = TestJobBeans.codeJobs(settings);
    codeJobs.check(new Object());
    return codeJobs.function(type, code).run(job("code-" + UUID.randomUUID()), new Object[0]);
  }

  @Test
  void eachTypeOfCodeRunsWithItsOwnRunner() throws Exception {
    var settings = TestJobBeans.defaultSettings();
    assertThat(run(settings, CodeType.PYTHON, "return [1, 'two']")).hasToString("[1,\"two\"]");
    assertThat(run(settings, CodeType.SYSTEM, "echo \"$MOI_JOB_ID\" | cut -c1-5"))
        .isEqualTo(List.of("code-\n", "", 0));
    assertThat(run(settings, CodeType.JAVA, "return 6 * 7;")).isEqualTo(42);
  }

  @Test
  void theTimeLimitSettingStopsALongCommand() {
    var settings = TestJobBeans.defaultSettings().set("moi.job.timeout", "1s");

    Throwable killed = catchThrowable(() -> run(settings, CodeType.SYSTEM, "sleep 30"));

    assertThat(killed)
        .isInstanceOfSatisfying(
            CommandFailedException.class,
            e ->
                assertThat(e.failure().last())
                    .isEqualTo("Killed after the time limit of 1s (moi.job.timeout): sleep 30\n"));
  }

  @Test
  void theOutputSettingCapsWhatIsKept() throws Exception {
    var settings = TestJobBeans.defaultSettings().set("moi.job.max-output", "3");

    var result = (List<?>) run(settings, CodeType.SYSTEM, "echo abcdef");

    assertThat((String) result.get(0)).startsWith("abc\n[4 more bytes dropped");
  }

  @Test
  void thePythonSettingNamesTheInterpreter() {
    var settings = TestJobBeans.defaultSettings().set("moi.job.python", "moi-no-such-python");

    Throwable failed = catchThrowable(() -> run(settings, CodeType.PYTHON, "return 1"));

    assertThat(failed).hasMessageContaining("moi-no-such-python");
  }

  @Test
  void theEnvSettingReachesTheJobsProcess() throws Exception {
    var settings = TestJobBeans.defaultSettings().set("moi.job.env", "GREETING=hello,OTHER=x");

    assertThat(run(settings, CodeType.SYSTEM, "echo \"$GREETING $OTHER\""))
        .isEqualTo(List.of("hello x\n", "", 0));
  }

  @Test
  void aRunAsUserThatDoesNotExistFailsEveryCommand() {
    var settings = TestJobBeans.defaultSettings().set("moi.job.run-as", "moi-no-such-user");

    Throwable failed = catchThrowable(() -> run(settings, CodeType.SYSTEM, "true"));

    assertThat(failed)
        .isInstanceOf(CommandFailedException.class)
        .hasMessageStartingWith("moi.job.run-as names the user 'moi-no-such-user'");
  }

  @Test
  void codeMustNotBeNull() {
    var codeJobs = TestJobBeans.codeJobs(TestJobBeans.defaultSettings());

    assertThat(catchThrowable(() -> codeJobs.function(CodeType.SYSTEM, null)))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("code");
  }

  @Test
  void stoppingTheProcessesNamesEachJobThatHadOne() throws Exception {
    var codeJobs = TestJobBeans.codeJobs(TestJobBeans.defaultSettings());
    String id = "stop-" + UUID.randomUUID();
    var failure =
        ChildProcessTest.failureOf(
            () -> codeJobs.function(CodeType.SYSTEM, "sleep 300").run(job(id), new Object[0]));
    try {
      ChildProcessTest.eventually(
          () -> !ChildProcessTest.processesOf(id).isEmpty(), "the command runs");

      var stopped = codeJobs.stopProcesses();

      assertThat(stopped).containsOnlyKeys(id);
      assertThat(stopped.get(id)).startsWith("The server stopped before the job finished");
      assertThat(failure.get(60, TimeUnit.SECONDS)).isInstanceOf(CommandFailedException.class);
    } finally {
      ChildProcessTest.processesOf(id)
          .forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }
  }
}
