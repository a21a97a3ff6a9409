package io.moi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real command line against a real HTTP server that keeps the REST contract. */
class OverHttpTest {

  private FakeMoi server;
  private Map<String, String> env;

  @BeforeEach
  void start() throws IOException {
    server = new FakeMoi();
    env =
        new HashMap<>(
            Map.of(
                "MOI_URL", server.url(),
                "MOI_USERNAME", FakeMoi.USER,
                "MOI_PASSWORD", FakeMoi.PASSWORD));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Runs.Outcome moi(String... args) {
    return Runs.moi(env, args);
  }

  private static JsonObject json(String text) {
    return Json.createReader(new StringReader(text)).readObject();
  }

  @Test
  void submitPrintsTheIdAndSendsBasicAuthAndTheJob() {
    var run = moi("submit", "--cmd", "x = 5; return x + 10");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEqualTo("Submitted job id: job-1\n");
    assertThat(run.err()).isEmpty();
    var post = server.requests().get(0);
    assertThat(post.method()).isEqualTo("POST");
    assertThat(post.path()).isEqualTo("/api/jobs");
    assertThat(post.authorization()).isEqualTo(FakeMoi.basic(FakeMoi.USER, FakeMoi.PASSWORD));
    assertThat(json(post.body()))
        .isEqualTo(
            Json.createObjectBuilder()
                .add("cmd", "x = 5; return x + 10")
                .add("cmdType", "python")
                .add("name", "no-user-cmd-submit")
                .add("context", "default")
                .build());
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void submitForAnotherUserSendsTheUser() {
    moi("submit", "--user=example", "--cmd", "echo hi", "--cmd-type=system");
    var body = json(server.requests().get(0).body());
    assertThat(body.getString("user")).isEqualTo("example");
    assertThat(body.getString("cmdType")).isEqualTo("system");
  }

  @Test
  void credentialsTypedAtTheConsoleAreSent() {
    env.remove("MOI_USERNAME");
    env.remove("MOI_PASSWORD");
    var typist = new Runs.Typist(FakeMoi.USER, FakeMoi.PASSWORD);
    var run = Runs.moi(env, typist, "submit", "--cmd", "1");
    assertThat(run.exitCode()).isZero();
    assertThat(server.requests().get(0).authorization())
        .isEqualTo(FakeMoi.basic(FakeMoi.USER, FakeMoi.PASSWORD));
  }

  @Test
  void withoutCredentialsNorConsoleNothingIsSentAndTheErrorSaysWhatToSet() {
    env.remove("MOI_PASSWORD");
    var run = moi("job", "--job-id", "j-1");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).startsWith("no credentials: set MOI_USERNAME and MOI_PASSWORD");
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void jobPrintsTheDetail() {
    server.put(
        Infos.withStatus(Infos.job("j-1", "no-user-cmd-submit", "Running").build(), "Success"));

    var run = moi("job", "--job-id", "j-1");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .startsWith("********** j-1 **********\ncontext\t\t: default\n")
        .endsWith("status\t\t: Success\ntype\t\t: job\nurl\t\t: None\nresult\t\t: 15\n\n");
    assertThat(run.err()).isEmpty();
  }

  @Test
  void unknownJobSaysJobIdNotFoundAndExitsWithOne() {
    var run = moi("job", "--job-id", "nope");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("Job ID not found\n");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void idsReachTheServerAsTheyAre() {
    String odd = "a/b%20c?d#e:f+g{h}é";
    server.put(Infos.job(odd, "odd", "Queued").build());

    var run = moi("job", "--job-id", odd);

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).startsWith("********** " + odd + " **********\n");
    assertThat(server.requests().get(0).path()).isEqualTo("/api/info/" + odd);
  }

  @Test
  void userjobsPrintsEveryNodeInTheServersOrder() {
    server.userJobs(
        "example",
        Json.createArrayBuilder()
            .add(Infos.withStatus(Infos.job("j-2", "second", "Running").build(), "Success"))
            .add(Infos.job("j-1", "first", "Failed"))
            .build());

    var run = moi("userjobs", "--key=example");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out().split("\n\n")).hasSize(2);
    assertThat(run.out().indexOf("********** j-2")).isLessThan(run.out().indexOf("********** j-1"));
    assertThat(run.out()).endsWith("result\t\t: None\n\n");
  }

  @Test
  void userjobsSummaryPrintsOneLinePerNode() {
    server.userJobs(
        "example",
        Json.createArrayBuilder()
            .add(Infos.job("j-2", "second", "Success"))
            .add(Infos.job("j-1", "first", "Failed"))
            .build());

    var run = moi("userjobs", "--key", "example", "--summary");

    assertThat(run.out())
        .isEqualTo(
            "date: 2015-06-01 15:46:49.977480\tid: j-2\tstatus: Success\n"
                + "date: 2015-06-01 15:46:49.977480\tid: j-1\tstatus: Failed\n");
    assertThat(server.requests().get(0).rawQuery()).isEqualTo("summary=true");
  }

  @Test
  void unknownKeySaysSoAndExitsWithOne() {
    var run = moi("userjobs", "--key=x");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("Unknown key: x\n");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void usersPrintsNameColonGroup() {
    env.put("MOI_USERNAME", FakeMoi.ADMIN);
    var run = moi("users");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEqualTo("alice : g-alice\nbob : g-bob\n");
  }

  @Test
  void forbiddenSaysNotAllowedWithTheServersReason() {
    var run = moi("users");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("not allowed: only administrators may list users\n");
  }

  @Test
  void wrongPasswordSaysSo() {
    env.put("MOI_PASSWORD", "wrong");
    var run = moi("job", "--job-id", "j-1");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .startsWith("wrong username or password")
        .contains(FakeMoi.USER)
        .doesNotContain("wrong\n", "Exception");
    var submit = moi("submit", "--cmd", "1");
    assertThat(submit.exitCode()).isEqualTo(1);
    assertThat(submit.err()).startsWith("wrong username or password");
  }

  @Test
  void badRequestShowsTheServersDetail() {
    server.refuseAll(400, "Bad Request", "unknown context: heavy", null);
    var run = moi("submit", "--cmd", "1", "--context", "heavy");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("unknown context: heavy\n");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void unavailableShowsTheDetailAndWhenToRetry() {
    server.refuseAll(503, "Service Unavailable", "the context default is full", "5");
    var run = moi("submit", "--cmd", "1");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .isEqualTo("moi is unavailable: the context default is full (retry in 5 s)\n");
  }

  @Test
  void blockTellsEachStatusOnStandardErrorAndEndsWithTheDetail() {
    server.script("job-1", "Running", "reading orders.csv", "Success");

    var run = moi("submit", "--cmd", "x = 5; return x + 10", "--block");

    assertThat(run.exitCode()).isZero();
    assertThat(run.err())
        .isEqualTo("status: Running\nstatus: reading orders.csv\nstatus: Success\n");
    assertThat(run.out())
        .startsWith("Submitted job id: job-1\n********** job-1 **********\n")
        .contains("status\t\t: Success\n")
        .endsWith("result\t\t: 15\n\n");
    // One long poll per change, each waiting on the status seen last: no spinning.
    List<FakeMoi.Seen> polls = server.requests().subList(1, server.requests().size());
    assertThat(polls)
        .extracting(FakeMoi.Seen::rawQuery)
        .containsExactly(
            "after=Queued&wait=30", "after=Running&wait=30", "after=reading%20orders.csv&wait=30");
    assertThat(polls).allSatisfy(p -> assertThat(p.path()).isEqualTo("/api/info/job-1"));
  }

  @Test
  void blockExitsWithThreeWhenTheJobFailedAfterPrintingItsDetail() {
    server.script("job-1", "Running", "Failed");

    var run = moi("submit", "--cmd", "return float('crash')", "--block");

    assertThat(run.exitCode()).isEqualTo(SubmitCommand.JOB_FAILED).isEqualTo(3);
    assertThat(run.err()).isEqualTo("status: Running\nstatus: Failed\n");
    assertThat(run.out())
        .startsWith("Submitted job id: job-1\n********** job-1 **********\n")
        .contains("status\t\t: Failed\n")
        .endsWith("result\t\t: ValueError: could not convert string to float: 'crash'\n\n");
  }

  @Test
  void withoutBlockAJobThatWillFailStillExitsWithZero() {
    server.script("job-1", "Failed");
    var run = moi("submit", "--cmd", "return float('crash')");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEqualTo("Submitted job id: job-1\n");
  }

  @Test
  void blockPrintsStatusesWithControlCharactersEscaped() {
    server.script("job-1", "\u001b[2J\u001b[Hwiping", "50%\u009b1A\u007f", "Success");

    var run = moi("submit", "--cmd", "1", "--block");

    assertThat(run.exitCode()).isZero();
    assertThat(run.err())
        .isEqualTo("status: \\x1b[2J\\x1b[Hwiping\nstatus: 50%\\u009b1A\\x7f\nstatus: Success\n");
  }

  @Test
  void jobAndUserjobsPrintNamesAndStatusesWithControlCharactersEscaped() {
    JsonObject evil = Infos.job("j-1", "evil\u001b]0;owned\u0007", "step\u001b[1A").build();
    server.put(evil);
    server.userJobs("alice", Json.createArrayBuilder().add(evil).build());

    var job = moi("job", "--job-id", "j-1");
    assertThat(job.out())
        .contains("name\t\t: evil\\x1b]0;owned\\x07\n")
        .contains("status\t\t: step\\x1b[1A\n")
        .doesNotContain("\u001b", "\u0007");
    assertThat(moi("userjobs", "--key", "alice", "--summary").out())
        .endsWith("\tid: j-1\tstatus: step\\x1b[1A\n");
  }

  @Test
  void serverErrorDetailsArePrintedWithControlCharactersEscaped() {
    server.refuseAll(400, "Bad Request", "unknown context: \u001b[31mheavy\u009b0m", null);
    var run = moi("submit", "--cmd", "1", "--context", "heavy");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("unknown context: \\x1b[31mheavy\\u009b0m\n");
  }

  @Test
  void blockPacesAServerThatAnswersAtOnceWithoutAChange() {
    server.script("job-1", FakeMoi.SAME, FakeMoi.SAME, FakeMoi.SAME, "Success");
    long started = System.nanoTime();

    var run = moi("submit", "--cmd", "1", "--block");

    Duration took = Duration.ofNanos(System.nanoTime() - started);
    assertThat(run.exitCode()).isZero();
    assertThat(run.err()).isEqualTo("status: Success\n");
    assertThat(server.requests()).hasSize(1 + 4);
    assertThat(took).isGreaterThanOrEqualTo(JobWatch.SHORTEST_ROUND.multipliedBy(3));
  }

  @Test
  void unreachableServerSaysHowToStartItWithoutAStackTrace() throws IOException {
    int closed;
    try (var socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    env.put("MOI_URL", "http://127.0.0.1:" + closed);

    var run = moi("job", "--job-id", "x");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .isEqualTo(
            "cannot reach moi at http://127.0.0.1:"
                + closed
                + ": connection refused; is the server running? (bin/moi-server)\n");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void somethingThatIsNotMoiIsNamedAsSuch() {
    env.put("MOI_URL", server.url() + "/elsewhere");
    var run = moi("users");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).startsWith("not found at " + server.url() + "/elsewhere");
  }

  // ---- job control ----

  @Test
  void submitSendsTheJobControlFields() {
    var run =
        moi(
            "submit",
            "--cmd",
            "flaky",
            "--max-attempts",
            "4",
            "--backoff",
            "500ms",
            "--run-at",
            "2026-12-03T11:00:00+01:00");
    assertThat(run.exitCode()).as(run.err()).isZero();
    var body = json(server.requests().get(0).body());
    assertThat(body.getInt("maxAttempts")).isEqualTo(4);
    assertThat(body.getString("backoff")).isEqualTo("PT0.5S");
    assertThat(body.getString("runAt")).isEqualTo("2026-12-03T10:00:00Z");
  }

  @Test
  void aBadJobControlValueSaysSoExitsWithOneAndSendsNothing() {
    for (String[] bad :
        new String[][] {
          {"--max-attempts", "0"},
          {"--max-attempts", "many"},
          {"--backoff", "soon"},
          {"--delay", "-3s"},
          {"--run-at", "2026-12-03 10:00"}
        }) {
      var run = moi("submit", "--cmd", "1", bad[0], bad[1]);
      assertThat(run.exitCode()).as(String.join(" ", bad)).isEqualTo(1);
      assertThat(run.err())
          .startsWith(bad[0])
          .contains("'" + bad[1] + "'")
          .doesNotContain("Usage", "Exception");
      assertThat(run.out()).isEmpty();
    }
    var both = moi("submit", "--cmd", "1", "--delay", "3s", "--run-at", "2026-12-03T10:00:00Z");
    assertThat(both.exitCode()).isEqualTo(2);
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void cancelOfAWaitingJobPrintsItsStatusFailed() {
    server.put(Infos.job("j-1", "waiting", "Queued").build());

    var run = moi("cancel", "--job-id", "j-1");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo("status: Failed\n");
    var post = server.requests().get(0);
    assertThat(post.method()).isEqualTo("POST");
    assertThat(post.path()).isEqualTo("/api/info/j-1/cancel");
    assertThat(post.authorization()).isEqualTo(FakeMoi.basic(FakeMoi.USER, FakeMoi.PASSWORD));
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void cancelOfARunningJobPrintsRunningAsItIsWhenTheServerAnswers() {
    server.put(Infos.job("j-1", "busy", "Running").build());
    assertThat(moi("cancel", "--job-id=j-1").out()).isEqualTo("status: Running\n");
  }

  @Test
  void cancelOfAGroupPrintsHowManyJobsWereAskedToStop() {
    server.put(
        Infos.job("g-1", "nightly", "")
            .add("type", "group")
            .add("status", jakarta.json.JsonValue.NULL)
            .build());
    for (String id : new String[] {"j-1", "j-2", "j-3"}) {
      server.put(Infos.job(id, id, "Running").add("parent", "g-1").build());
    }
    server.put(Infos.job("j-4", "done", "Success").add("parent", "g-1").build());
    server.put(
        Infos.job("g-2", "single", "")
            .add("type", "group")
            .add("status", jakarta.json.JsonValue.NULL)
            .build());
    server.put(Infos.job("j-5", "j-5", "Queued").add("parent", "g-2").build());

    assertThat(moi("cancel", "--job-id", "g-1").out()).isEqualTo("3 jobs asked to stop\n");
    assertThat(moi("cancel", "--job-id", "g-2").out()).isEqualTo("1 job asked to stop\n");
  }

  @Test
  void cancelOfAnEndedOrUnknownJobSaysWhyAndExitsWithOne() {
    server.put(Infos.withStatus(Infos.job("j-1", "done", "Running").build(), "Success"));

    var ended = moi("cancel", "--job-id", "j-1");
    assertThat(ended.exitCode()).isEqualTo(1);
    assertThat(ended.err()).isEqualTo("the job has already ended (Success)\n");
    assertThat(ended.out()).isEmpty();

    var unknown = moi("cancel", "--job-id", "nope");
    assertThat(unknown.exitCode()).isEqualTo(1);
    assertThat(unknown.err()).isEqualTo("Job ID not found\n");
  }

  @Test
  void cancelReachesTheServerWithTheIdAsItIs() {
    String odd = "a/b%20c?d#e";
    server.put(Infos.job(odd, "odd", "Queued").build());
    assertThat(moi("cancel", "--job-id", odd).exitCode()).isZero();
    assertThat(server.requests().get(0).path()).isEqualTo("/api/info/" + odd + "/cancel");
  }

  @Test
  void rerunPrintsTheNewJobsIdAsSubmitDoes() {
    server.put(Infos.withStatus(Infos.job("j-1", "nightly", "Running").build(), "Failed"));

    var run = moi("rerun", "--job-id", "j-1");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo("Submitted job id: job-1\n");
    var post = server.requests().get(0);
    assertThat(post.method()).isEqualTo("POST");
    assertThat(post.path()).isEqualTo("/api/info/j-1/rerun");
  }

  @Test
  void rerunOfAJobNotEndedOrUnknownSaysWhyAndExitsWithOne() {
    server.put(Infos.job("j-1", "busy", "Running").build());

    var running = moi("rerun", "--job-id", "j-1");
    assertThat(running.exitCode()).isEqualTo(1);
    assertThat(running.err()).isEqualTo("the job has not ended yet (Running)\n");
    assertThat(running.out()).isEmpty();

    var unknown = moi("rerun", "--job-id", "nope");
    assertThat(unknown.exitCode()).isEqualTo(1);
    assertThat(unknown.err()).isEqualTo("Job ID not found\n");
  }
}
