package io.moi.jobs.control;

import io.moi.jobs.entity.CodeType;
import io.moi.jobs.entity.JobFunction;
import io.moi.redis.Durations;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.lang.System.Logger;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.eclipse.microprofile.config.Config;

/**
 * Turns submitted code (python, system or java) into job functions, with the limits read from the
 * settings {@code moi.job.timeout}, {@code moi.job.max-output}, {@code moi.job.python}, {@code
 * moi.job.python-forks}, {@code moi.job.run-as} and {@code moi.job.env}.
 */
@ApplicationScoped
public class CodeJobs {

  private static final Logger LOG = System.getLogger(CodeJobs.class.getName());

  @Inject Config config;

  private JobProcesses processes;
  private PythonCode python;
  private JavaCode java;

  @PostConstruct
  void readSettings() {
    var limits =
        new ProcessLimits(
            Durations.parse(config.getValue("moi.job.timeout", String.class)),
            config.getValue("moi.job.max-output", Long.class));
    String configured = config.getValue("moi.job.python", String.class);
    String interpreter = PythonCode.resolve(configured);
    var user = JobUser.named(config.getOptionalValue("moi.job.run-as", String.class).orElse(""));
    var environment =
        new JobEnvironment(
            System.getenv(),
            config.getOptionalValue("moi.job.env", String[].class).map(List::of).orElse(List.of()));
    processes = new JobProcesses(limits, user, environment);
    boolean forks = config.getOptionalValue("moi.job.python-forks", Boolean.class).orElse(true);
    python = new PythonCode(interpreter, processes, forks);
    java = new JavaCode(limits.timeout());
    LOG.log(
        Logger.Level.INFO,
        "Code jobs: time limit {0}, output kept {1} bytes a stream, python {2}{4}, run as {3}",
        limits.timeoutText(),
        String.valueOf(limits.maxOutput()),
        interpreter.equals(configured) ? configured : configured + " (" + interpreter + ")",
        user.name()
            .map(name -> "'" + name + "'" + (user.bySudo() ? " through sudo" : " through setpriv"))
            .orElse("the server's own user"),
        forks ? " (forked from a warm interpreter)" : " (an interpreter a job)");
    user.problem()
        .ifPresent(
            problem ->
                LOG.log(
                    Logger.Level.ERROR,
                    problem + "; every python and system job will fail saying so"));
  }

  /** Reads and checks the settings when the application starts, not at the first job. */
  void check(@Observes @Initialized(ApplicationScoped.class) Object started) {
    processes.limits();
  }

  /**
   * Stops the processes of every running python and system job (see {@link JobProcesses#stopAll});
   * returns the last line of each such job's result.
   */
  public Map<String, String> stopProcesses() {
    var stopped = processes.stopAll();
    python.close();
    return stopped;
  }

  @PreDestroy
  void stopWarmInterpreter() {
    python.close();
  }

  /**
   * Stops the processes of one python or system job (SIGTERM, then SIGKILL); answers the signals
   * sent, or null when the job runs no process.
   */
  public String stopProcesses(String jobId) {
    return processes.stop(jobId);
  }

  public JobFunction function(CodeType type, String code) {
    Objects.requireNonNull(code, "code");
    return switch (type) {
      case PYTHON -> (job, args) -> python.run(code, job.id(), job::statusUpdate);
      case SYSTEM -> (job, args) -> SystemCommand.run(code, processes, job.id(), job::statusUpdate);
      case JAVA -> (job, args) -> java.run(code);
    };
  }
}
