package io.moi.jobs.control;

import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs the body of a Python function in a {@code python3} child process, as the original moi
 * did: {@code x = 5; return x + 10} gives 15. The body and a small launcher go to files in a
 * private temporary folder, never into a command line; the launcher writes the returned
 * value as JSON to a file of its own, so what the code prints cannot corrupt it.
 */
public final class PythonCode {

  // JsonProvider.provider() searches the class path on every call: look it up once.
  private static final JsonProvider JSON = JsonProvider.provider();
  private static final String LAUNCHER = resource("python-launcher.py");

  private final String python;
  private final JobProcesses processes;

  /** {@code python} is the interpreter's command ({@code moi.job.python}). */
  public PythonCode(String python, JobProcesses processes) {
    this.python = python;
    this.processes = processes;
  }

  /** What the body returned, run as the job {@code jobId} (null for none). */
  public JsonValue run(String body) throws Exception {
    return run(body, null);
  }

  /**
   * What the body returned; a Python error fails with Python's traceback and the output. The
   * files live in the job's private folder, which the job's user can read and write.
   */
  public JsonValue run(String body, String jobId) throws Exception {
    try (var folder = processes.folder()) {
      Path launcher = folder.writeForJob("moi_launcher.py", LAUNCHER);
      Path code = folder.writeForJob("job.py", body);
      Path result = folder.path().resolve("result.json");
      var outcome = start(jobId, folder,
          List.of(python, launcher.toString(), code.toString(), result.toString()));
      if (outcome.exitCode() != 0) {
        throw new CommandFailedException(failure(outcome));
      }
      if (!Files.exists(result)) {
        throw new CommandFailedException(
            withOutput("The python code exited without returning (sys.exit?)", outcome));
      }
      try (var reader = JSON.createReader(Files.newBufferedReader(result, StandardCharsets.UTF_8))) {
        return reader.readValue();
      }
    }
  }

  private ChildProcess.Outcome start(String jobId, JobFolder folder, List<String> command)
      throws Exception {
    try {
      return processes.run(jobId, command, "python code", folder);
    } catch (ChildProcess.NotStarted e) {
      throw new CommandFailedException("python3 was not found: " + e.getMessage()
          + ". Install Python 3, or set moi.job.python (environment variable MOI_JOB_PYTHON)"
          + " to the interpreter's command or path.");
    }
  }

  // Python's traceback is on stderr; it is the whole text unless the code printed something.
  private static String failure(ChildProcess.Outcome outcome) {
    String stderr = outcome.stderr().stripTrailing();
    if (stderr.isEmpty()) {
      return withOutput("The python code exited with status " + outcome.exitCode(), outcome);
    }
    return outcome.stdout().isEmpty() ? stderr : "stdout: " + outcome.stdout() + "\nstderr: " + stderr;
  }

  private static String withOutput(String failure, ChildProcess.Outcome outcome) {
    return failure + "\nstdout: " + outcome.stdout() + "\nstderr: " + outcome.stderr();
  }

  private static String resource(String name) {
    try (InputStream in = PythonCode.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing from the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
