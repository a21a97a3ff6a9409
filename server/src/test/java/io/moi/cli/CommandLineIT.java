package io.moi.cli;

import static io.moi.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.moi.ItAccounts;
import io.moi.ItHttp;
import jakarta.json.Json;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The commands of the original moi's "Command line interface" section, run by the real command line
 * against the built WAR on Payara Micro: same output, IDs and dates aside.
 */
@ExtendWith(ArquillianExtension.class)
class CommandLineIT {

  private static final Pattern SUBMITTED = Pattern.compile("Submitted job id: (\\S+)\n");
  private static final String DATE = "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{6}";

  @Deployment(testable = false)
  static WebArchive deployment() {
    return ItAccounts.builtWar();
  }

  @ArquillianResource URL base;

  @BeforeAll
  static void accounts() throws Exception {
    ItAccounts.write();
  }

  private Runs.Outcome moi(String user, String... args) {
    return Runs.moi(
        Map.of(
            "MOI_URL", base.toString(), "MOI_USERNAME", user, "MOI_PASSWORD", ItAccounts.PASSWORD),
        args);
  }

  /** The packaged jar as bin/moi runs it, in a process of its own: its real exit status. */
  private Runs.Outcome packaged(String user, String... args) {
    return Runs.packaged(
        Map.of(
            "MOI_URL", base.toString(), "MOI_USERNAME", user, "MOI_PASSWORD", ItAccounts.PASSWORD),
        args);
  }

  private static String submittedId(Runs.Outcome run) {
    Matcher m = SUBMITTED.matcher(run.out());
    assertThat(m.lookingAt()).as(run.out() + run.err()).isTrue();
    return m.group(1);
  }

  /** The detail block of protocol section 7, with the variable parts as patterns. */
  private static String detail(
      String id, String parent, String status, String result, boolean ended) {
    return "\\*{10} "
        + id
        + " \\*{10}\n"
        + "context\t\t: default\n"
        + "date_created\t: "
        + DATE
        + "\n"
        + "date_end\t: "
        + (ended ? DATE : "None")
        + "\n"
        + "date_start\t: ("
        + DATE
        + "|None)\n"
        + "id\t\t: "
        + id
        + "\n"
        + "name\t\t: no-user-cmd-submit\n"
        + "parent\t\t: "
        + parent
        + "\n"
        + "pubsub\t\t: "
        + id
        + ":pubsub\n"
        + "status\t\t: "
        + status
        + "\n"
        + "type\t\t: job\n"
        + "url\t\t: None\n"
        + "result\t\t: "
        + result
        + "\n\n";
  }

  @Test
  void pythonCodeWithBlockPrintsTheDetailOfTheFinishedJob() {
    var run = moi("alice", "submit", "--cmd", "x = 5; return x + 10", "--block");
    assertThat(run.exitCode()).as(run.err()).isZero();
    String id = submittedId(run);
    assertThat(run.out().substring(run.out().indexOf('\n') + 1))
        .matches(detail(id, "[0-9a-f-]{36}", "Success", "15", true));
    assertThat(run.err()).contains("Success");
  }

  @Test
  void systemCommandWithBlockShowsStdoutStderrAndExitCode() {
    var run =
        moi("alice", "submit", "--cmd", "echo 'hello from moi'", "--block", "--cmd-type=system");
    assertThat(run.exitCode()).as(run.err()).isZero();
    String id = submittedId(run);
    assertThat(run.out().substring(run.out().indexOf('\n') + 1))
        .matches(
            detail(
                id,
                "[0-9a-f-]{36}",
                "Success",
                Pattern.quote("[\"hello from moi\\n\",\"\",0]"),
                true));
  }

  @Test
  void failingCommandReturnsAtOnceAndItsJobShowsRunningThenTheError() throws Exception {
    var run = moi("alice", "submit", "--cmd", "sleep 2; foobar", "--cmd-type=system");
    assertThat(run.exitCode()).isZero();
    String id = submittedId(run);
    assertThat(run.out()).isEqualTo("Submitted job id: " + id + "\n");

    var running = moi("alice", "job", "--job-id=" + id);
    assertThat(running.out())
        .matches(detail(id, "[0-9a-f-]{36}", "(Queued|Running)", "None", false));

    String out = jobUntil(id, o -> o.contains("status\t\t: Failed"), Duration.ofSeconds(15));
    assertThat(out)
        .contains("status\t\t: Failed\n")
        .contains(
            "result\t\t: exit code 127\nFailed to execute: sleep 2; foobar\nstdout: \nstderr: ")
        .contains("foobar: not found");
  }

  @Test
  void blockExitsWithThreeWhenThePythonJobFailed() {
    var run = packaged("alice", "submit", "--cmd", "return float('crash')", "--block");
    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(3);
    String id = submittedId(run);
    assertThat(run.out())
        .contains("********** " + id + " **********\n", "status\t\t: Failed\n")
        .contains("ValueError: could not convert string to float: 'crash'");
    assertThat(run.err()).endsWith("status: Failed\n");
  }

  @Test
  void blockExitsWithThreeWhenTheSystemCommandFailedWhateverItsOwnExitCode() {
    var run =
        packaged("alice", "submit", "--cmd", "echo going; exit 5", "--cmd-type=system", "--block");
    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(3);
    assertThat(run.out()).contains("status\t\t: Failed\n");
  }

  @Test
  void blockExitsWithZeroWhenTheJobSucceeded() {
    var run = packaged("alice", "submit", "--cmd", "return 42", "--block");
    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    assertThat(run.out()).contains("status\t\t: Success\n", "result\t\t: 42\n");
    assertThat(run.err()).endsWith("status: Success\n");
  }

  @Test
  void escapeSequencesInANameAndAResultArePrintedEscaped() {
    // Python's '\x1b' in the code: the result itself holds ESC and BEL.
    var run =
        packaged(
            "alice",
            "submit",
            "--name",
            "evil\u001b[2J\u001b]0;owned\u0007",
            "--cmd",
            "return 'red \\x1b[31malert\\x07'",
            "--block");
    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    String id = submittedId(run);
    assertThat(run.out())
        .contains("name\t\t: evil\\x1b[2J\\x1b]0;owned\\x07\n")
        .contains("result\t\t: red \\x1b[31malert\\x07\n")
        .doesNotContain("\u001b", "\u0007");
    assertThat(run.err()).doesNotContain("\u001b", "\u0007");

    var job = moi("alice", "job", "--job-id", id);
    assertThat(job.out())
        .contains("name\t\t: evil\\x1b[2J\\x1b]0;owned\\x07\n")
        .doesNotContain("\u001b", "\u0007");
  }

  @Test
  void userJobsOfAnAdminsSubmissionsForAnotherUser() {
    String user = "example-" + UUID.randomUUID().toString().substring(0, 8);
    var unknown = moi("root", "userjobs", "--key=" + user);
    assertThat(unknown.exitCode()).isEqualTo(1);
    assertThat(unknown.err()).isEqualTo("Unknown key: " + user + "\n");

    String ok =
        submittedId(moi("root", "submit", "--user=" + user, "--cmd", "return 42", "--block"));
    var failed =
        moi(
            "root",
            "submit",
            "--user=" + user,
            "--cmd",
            "return float('crash and burn')",
            "--block");
    assertThat(failed.exitCode()).isEqualTo(3);
    String bad = submittedId(failed);

    var all = moi("root", "userjobs", "--key=" + user);
    assertThat(all.exitCode()).isZero();
    assertThat(all.out()).startsWith("********** " + ok + " **********\n");
    assertThat(all.out().indexOf(ok)).isLessThan(all.out().indexOf(bad));
    assertThat(all.out())
        .contains("result\t\t: 42\n")
        .contains("ValueError: could not convert string to float: 'crash and burn'");

    var summary = moi("root", "userjobs", "--key=" + user, "--summary");
    assertThat(summary.out())
        .matches(
            "date: "
                + DATE
                + "\tid: "
                + ok
                + "\tstatus: Success\n"
                + "date: "
                + DATE
                + "\tid: "
                + bad
                + "\tstatus: Failed\n");

    var users = moi("root", "users");
    assertThat(users.out()).containsPattern("(?m)^" + user + " : [0-9a-f-]{36}$");
    assertThat(moi("alice", "userjobs", "--key=" + user).err())
        .isEqualTo("Unknown key: " + user + "\n");
  }

  @Test
  void errorsAreSentencesOnStandardErrorWithANonZeroExit() {
    var missing = moi("alice", "job", "--job-id", "no-such-job");
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.err()).isEqualTo("Job ID not found\n");

    var wrong =
        Runs.moi(
            Map.of("MOI_URL", base.toString(), "MOI_USERNAME", "alice", "MOI_PASSWORD", "nope"),
            "users");
    assertThat(wrong.exitCode()).isNotZero();
    assertThat(wrong.err()).contains("wrong username or password").doesNotContain("Exception");

    var notAdmin = moi("alice", "users");
    assertThat(notAdmin.exitCode()).isNotZero();
    assertThat(notAdmin.err()).contains("moi-admin");

    var noExec = moi("carol", "submit", "--cmd", "return 1");
    assertThat(noExec.exitCode()).isNotZero();
    assertThat(noExec.err()).contains("moi-exec");

    var forOther = moi("alice", "submit", "--user", "bob", "--cmd", "return 1");
    assertThat(forOther.exitCode()).isNotZero();
    assertThat(forOther.err()).contains("moi-admin");
  }

  // ---- job control: cancel, rerun, retries, a later start ----

  private static final Pattern CANCELLED =
      Pattern.compile("Cancelled by alice at \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC\n\n$");

  /** moi job, again and again until its output satisfies {@code done} (or the deadline passes). */
  private String jobUntil(String id, Predicate<String> done, Duration within) throws Exception {
    return await(
        within,
        "moi job --job-id " + id + " as expected",
        () -> moi("alice", "job", "--job-id", id).out(),
        done);
  }

  private static Predicate<String> status(String status) {
    return out -> out.contains("status\t\t: " + status + "\n");
  }

  private static LocalDateTime field(String detail, String name) {
    Matcher m = Pattern.compile("(?m)^" + name + "\t+: (" + DATE + ")$").matcher(detail);
    assertThat(m.find()).as(name + " in\n" + detail).isTrue();
    return LocalDateTime.parse(
        m.group(1), DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS"));
  }

  @Test
  void cancelStopsARunningJobWhichEndsFailedSayingWhoCancelledIt() throws Exception {
    String id = submittedId(moi("alice", "submit", "--cmd", "sleep 30", "--cmd-type=system"));
    jobUntil(id, status("Running"), Duration.ofSeconds(20));

    var cancel = moi("alice", "cancel", "--job-id", id);

    assertThat(cancel.exitCode()).as(cancel.err()).isZero();
    // Its server stops it within seconds: the answer may come before or after.
    assertThat(cancel.out()).matches("status: (Running|Failed)\n");
    String ended = jobUntil(id, status("Failed"), Duration.ofSeconds(10));
    assertThat(ended).containsPattern(CANCELLED);
    assertThat(field(ended, "date_end")).isBefore(field(ended, "date_start").plusSeconds(12));

    var again = moi("alice", "cancel", "--job-id", id);
    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.err()).isNotBlank().doesNotContain("Exception", "answered 409");
    assertThat(again.out()).isEmpty();
  }

  @Test
  void cancelOfAWaitingJobEndsItFailedAtOnce() throws Exception {
    String id = submittedId(moi("alice", "submit", "--cmd", "return 1", "--delay", "1m"));
    assertThat(moi("alice", "job", "--job-id", id).out()).contains("status\t\t: Queued\n");

    var cancel = moi("alice", "cancel", "--job-id", id);

    assertThat(cancel.out()).isEqualTo("status: Failed\n");
    assertThat(moi("alice", "job", "--job-id", id).out())
        .contains("status\t\t: Failed\n")
        .containsPattern(CANCELLED);
  }

  @Test
  void cancelOfAGroupCountsTheJobsAskedToStop() throws Exception {
    var alice = ItHttp.as("alice", base.toURI());
    var created =
        alice.post("api/groups", Json.createObjectBuilder().add("name", "to stop").build());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String group = ItHttp.json(created.body()).getString("id");
    String[] jobs = new String[2];
    for (int i = 0; i < jobs.length; i++) {
      var job =
          alice.post(
              "api/jobs",
              Json.createObjectBuilder()
                  .add("cmd", "return 1")
                  .add("parent", group)
                  .add("delay", "1m")
                  .build());
      assertThat(job.statusCode()).as(job.body()).isEqualTo(201);
      jobs[i] = ItHttp.json(job.body()).getString("id");
    }

    var cancel = moi("alice", "cancel", "--job-id", group);

    assertThat(cancel.exitCode()).as(cancel.err()).isZero();
    assertThat(cancel.out()).isEqualTo("2 jobs asked to stop\n");
    for (String job : jobs) {
      jobUntil(job, status("Failed"), Duration.ofSeconds(10));
    }
  }

  @Test
  void onlyTheOwnerMayCancelOrRerunAndUnknownIdsSaySo() {
    String id = submittedId(moi("alice", "submit", "--cmd", "return 1", "--delay", "1m"));
    for (String command : new String[] {"cancel", "rerun"}) {
      var bob = moi("bob", command, "--job-id", id);
      assertThat(bob.exitCode()).as(command).isEqualTo(1);
      assertThat(bob.err()).as(command).isEqualTo("Job ID not found\n");
      var missing = moi("alice", command, "--job-id", "no-such-job");
      assertThat(missing.exitCode()).as(command).isEqualTo(1);
      assertThat(missing.err()).as(command).isEqualTo("Job ID not found\n");
    }
    assertThat(moi("alice", "job", "--job-id", id).out()).contains("status\t\t: Queued\n");
    assertThat(moi("alice", "cancel", "--job-id", id).exitCode()).isZero();
  }

  @Test
  void rerunSubmitsTheEndedJobAgainAsANewJob() throws Exception {
    var first = moi("alice", "submit", "--name", "answer", "--cmd", "return 6 * 7", "--block");
    assertThat(first.exitCode()).as(first.err()).isZero();
    String id = submittedId(first);

    var rerun = packaged("alice", "rerun", "--job-id", id);

    assertThat(rerun.exitCode()).as(rerun.err()).isZero();
    String again = submittedId(rerun);
    assertThat(rerun.out()).isEqualTo("Submitted job id: " + again + "\n");
    assertThat(again).isNotEqualTo(id);
    String detail = jobUntil(again, status("Success"), Duration.ofSeconds(20));
    assertThat(detail).contains("name\t\t: answer\n", "result\t\t: 42\n");
    assertThat(moi("alice", "job", "--job-id", id).out()).contains("id\t\t: " + id + "\n");
  }

  @Test
  void rerunOfAJobThatHasNotEndedSaysWhy() {
    String id = submittedId(moi("alice", "submit", "--cmd", "return 1", "--delay", "1m"));
    var rerun = moi("alice", "rerun", "--job-id", id);
    assertThat(rerun.exitCode()).isEqualTo(1);
    assertThat(rerun.err()).isNotBlank().doesNotContain("Exception", "answered 409");
    assertThat(rerun.out()).isEmpty();
    moi("alice", "cancel", "--job-id", id);
  }

  @Test
  void submitWithDelayWaitsQueuedThenRunsAfterAboutThreeSeconds() throws Exception {
    var run = moi("alice", "submit", "--cmd", "return 'later'", "--delay", "3s");
    assertThat(run.exitCode()).as(run.err()).isZero();
    String id = submittedId(run);
    assertThat(moi("alice", "job", "--job-id", id).out())
        .contains("status\t\t: Queued\n", "date_start\t: None\n");

    String detail = jobUntil(id, status("Success"), Duration.ofSeconds(20));

    assertThat(detail).contains("result\t\t: later\n");
    Duration waited = Duration.between(field(detail, "date_created"), field(detail, "date_start"));
    assertThat(waited).isBetween(Duration.ofMillis(2900), Duration.ofSeconds(10));
  }

  @Test
  void submitWithMaxAttemptsRunsAFailingCommandAgainUntilItSucceeds() throws Exception {
    // Not created here: the job writes it, whichever account it runs as.
    Path count = Path.of(System.getProperty("java.io.tmpdir"), "moi-attempts-" + UUID.randomUUID());
    try {
      // Fails twice, then succeeds.
      String cmd =
          "n=$(($(cat "
              + count
              + " 2>/dev/null || echo 0) + 1)); echo $n > "
              + count
              + "; [ $n -ge 3 ] && echo ok";
      var run =
          moi(
              "alice",
              "submit",
              "--cmd",
              cmd,
              "--cmd-type=system",
              "--max-attempts",
              "3",
              "--backoff",
              "200ms",
              "--block");
      assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
      assertThat(run.out()).contains("status\t\t: Success\n");
      assertThat(Files.readString(count).strip()).isEqualTo("3");
      assertThat(run.err())
          .contains("attempt 2 of 3", "attempt 3 of 3")
          .endsWith("status: Success\n");
    } finally {
      Files.deleteIfExists(count);
    }
  }
}
