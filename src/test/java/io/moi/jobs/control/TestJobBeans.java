package io.moi.jobs.control;

import io.moi.Settings;
import io.moi.tree.control.Nodes;
import io.moi.tree.entity.Info;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.json.JsonString;

/** The job engine's beans as the container would make them, for unit tests of the engine and its facade. */
public final class TestJobBeans {

  private TestJobBeans() {}

  /** The job settings of microprofile-config.properties. */
  public static Settings defaultSettings() {
    return new Settings()
        .set("moi.contexts", "default")
        .set("moi.job.timeout", "1h")
        .set("moi.job.max-output", "1048576")
        .set("moi.job.python", "python3")
        .set("moi.job.run-as", "")
        .set("moi.job.env", "");
  }

  public static CodeJobs codeJobs(Settings settings) {
    var codeJobs = new CodeJobs();
    codeJobs.config = settings;
    codeJobs.readSettings();
    return codeJobs;
  }

  public static Contexts contexts(Settings settings) {
    var contexts = new Contexts();
    contexts.config = settings;
    contexts.readNames();
    return contexts;
  }

  public static Results results() {
    var results = new Results();
    results.open();
    return results;
  }

  public static JobRunner runner(Nodes nodes, CodeJobs codeJobs, ManagedScheduledExecutorService scheduler) {
    var runner = new JobRunner();
    runner.nodes = nodes;
    runner.results = results();
    runner.codeJobs = codeJobs;
    runner.scheduler = scheduler;
    return runner;
  }

  /** What the server does when the application stops. */
  public static void stopServer(JobRunner runner) {
    runner.failUnfinished(new Object());
  }

  /** Waits (up to a minute) until {@code condition} holds. */
  public static void eventually(java.util.function.BooleanSupplier condition, String what)
      throws InterruptedException {
    ChildProcessTest.eventually(condition, what);
  }

  /**
   * The text of a failed job's result: the one place that knows how a failure is stored (a
   * list of lines, protocol section 3).
   */
  public static String failureText(Info job) {
    return String.join("", failureLines(job));
  }

  /** A failed job's result, line by line; fails when it is not a list of lines. */
  public static java.util.List<String> failureLines(Info job) {
    return ((jakarta.json.JsonArray) job.result()).getValuesAs(JsonString.class).stream()
        .map(JsonString::getString).toList();
  }

  /** The line of a failed job's result that says what happened. */
  public static String lastLine(Info job) {
    var lines = failureLines(job);
    return lines.get(lines.size() - 1);
  }
}
