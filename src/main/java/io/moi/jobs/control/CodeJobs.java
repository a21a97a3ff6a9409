package io.moi.jobs.control;

import io.moi.jobs.entity.CodeType;
import io.moi.jobs.entity.JobFunction;
import io.moi.redis.Durations;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.System.Logger;
import java.util.Objects;
import org.eclipse.microprofile.config.Config;

/**
 * Turns submitted code (python, system or java) into job functions, with the limits read from
 * the settings {@code moi.job.timeout}, {@code moi.job.max-output} and {@code
 * moi.job.python}.
 */
@ApplicationScoped
public class CodeJobs {

  private static final Logger LOG = System.getLogger(CodeJobs.class.getName());

  @Inject Config config;

  private ProcessLimits limits;
  private PythonCode python;
  private JavaCode java;

  @PostConstruct
  void readSettings() {
    limits = new ProcessLimits(
        Durations.parse(config.getValue("moi.job.timeout", String.class)),
        config.getValue("moi.job.max-output", Long.class));
    String interpreter = config.getValue("moi.job.python", String.class);
    python = new PythonCode(interpreter, limits);
    java = new JavaCode();
    LOG.log(Logger.Level.INFO, "Code jobs: time limit {0}, output kept {1} bytes a stream, python {2}",
        limits.timeoutText(), String.valueOf(limits.maxOutput()), interpreter);
  }

  public JobFunction function(CodeType type, String code) {
    Objects.requireNonNull(code, "code");
    return switch (type) {
      case PYTHON -> (job, args) -> python.run(code);
      case SYSTEM -> (job, args) -> SystemCommand.run(code, limits);
      case JAVA -> (job, args) -> java.run(code);
    };
  }
}
