package io.moi.jobs.control;

import io.moi.jobs.entity.Failure;
import jakarta.json.JsonException;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs the body of a Python function in a {@code python3} child process, as the original moi did:
 * {@code x = 5; return x + 10} gives 15. The body and a small launcher go to files in a private
 * temporary folder, never into a command line; the launcher writes the returned value as JSON to a
 * file of its own, so what the code prints cannot corrupt it.
 */
public final class PythonCode {

  // JsonProvider.provider() searches the class path on every call: look it up once.
  private static final JsonProvider JSON = JsonProvider.provider();
  private static final String LAUNCHER = resource("python-launcher.py");

  private final String python;
  private final JobProcesses processes;
  private final PythonForks forks;

  /**
   * {@code python} is the interpreter's command ({@code moi.job.python}); each job starts one of
   * its own.
   */
  public PythonCode(String python, JobProcesses processes) {
    this(python, processes, false);
  }

  /**
   * As above; with {@code forks} ({@code moi.job.python-forks}), each job's process is forked from
   * a warm interpreter instead (see {@link PythonForks}).
   */
  public PythonCode(String python, JobProcesses processes, boolean forks) {
    this.python = python;
    this.processes = processes;
    this.forks = forks ? new PythonForks(python, LAUNCHER, processes) : null;
  }

  /** Stops the warm interpreter, if any (the server stops). */
  public void close() {
    if (forks != null) {
      forks.close();
    }
  }

  /** What the body returned, run as the job {@code jobId} (null for none). */
  public JsonValue run(String body) throws Exception {
    return run(body, null);
  }

  /**
   * What the body returned; a Python error fails with Python's traceback and the output. The files
   * live in the job's private folder, which the job's user can read and write.
   */
  public JsonValue run(String body, String jobId) throws Exception {
    return run(body, jobId, status -> {});
  }

  /**
   * As above; each {@code moi_update_status(text)} the body calls becomes the job's status (see
   * {@link StatusFile}).
   */
  public JsonValue run(String body, String jobId, Consumer<String> statuses) throws Exception {
    try (var folder = processes.folder()) {
      Path code = folder.writeForJob("job.py", body);
      Path result = folder.path().resolve("result.json");
      Path error = folder.path().resolve("error.json");
      var files = List.of(code.toString(), result.toString(), error.toString());
      var outcome = forks == null ? null : forks.run(jobId, statuses, folder, files);
      if (outcome == null) {
        Path launcher = folder.writeForJob("moi_launcher.py", LAUNCHER);
        var command = new ArrayList<String>(List.of(python, launcher.toString()));
        command.addAll(files);
        outcome = start(jobId, statuses, folder, command);
      }
      if (outcome.exitCode() != 0) {
        throw new CommandFailedException(failure(outcome, error));
      }
      if (!Files.exists(result, LinkOption.NOFOLLOW_LINKS)) {
        throw new CommandFailedException(
            Failure.of("The python code exited without returning (sys.exit?)")
                .afterOutput(outcome.stdout(), outcome.stderr()));
      }
      try (var reader = JSON.createReader(jobsOwn(result))) {
        return reader.readValue();
      }
    }
  }

  private ChildProcess.Outcome start(
      String jobId, Consumer<String> statuses, JobFolder folder, List<String> command)
      throws Exception {
    try {
      return processes.run(jobId, statuses, command, "python code", folder);
    } catch (ChildProcess.NotStarted e) {
      throw new CommandFailedException(
          "python3 was not found: "
              + e.getMessage()
              + ". Install Python 3, or set moi.job.python (environment variable MOI_JOB_PYTHON)"
              + " to the interpreter's command or path.");
    }
  }

  /**
   * Python's own traceback, as {@code traceback.format_exception} gives it, after what the code
   * printed (when it printed anything); a process that died without one says how it exited.
   */
  private static Failure failure(ChildProcess.Outcome outcome, Path error) throws IOException {
    Failure traceback = traceback(error);
    if (traceback == null) {
      return Failure.of("The python code exited with status " + outcome.exitCode())
          .afterOutput(outcome.stdout(), outcome.stderr());
    }
    boolean printed = !outcome.stdout().isEmpty() || !outcome.stderr().isEmpty();
    return printed ? traceback.afterOutput(outcome.stdout(), outcome.stderr()) : traceback;
  }

  // The file is the job's own: anything but a non-empty list of strings is not a traceback.
  private static Failure traceback(Path error) throws IOException {
    if (!Files.isRegularFile(error, LinkOption.NOFOLLOW_LINKS)) {
      return null;
    }
    try (var reader = JSON.createReader(jobsOwn(error))) {
      return Failure.fromJson(reader.readValue()).orElse(null);
    } catch (JsonException | CommandFailedException e) {
      return null;
    }
  }

  /**
   * A file the job wrote in its folder, opened only if it is a file there: never through a link,
   * which a job (perhaps running as another user) could point at a file of the server's.
   */
  private static java.io.Reader jobsOwn(Path file) throws IOException, CommandFailedException {
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      throw new CommandFailedException(
          "The python code left something other than a file (a link?) as moi's "
              + file.getFileName());
    }
    return java.nio.channels.Channels.newReader(
        Files.newByteChannel(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS),
        StandardCharsets.UTF_8);
  }

  /**
   * The interpreter that {@code command} starts, by its own path ({@code sys.executable}): a
   * version manager's shim (pyenv, asdf) is a script that runs a shell and looks the version up
   * before it starts Python, which costs several times the interpreter's own start on every job.
   * Asked once, of the interpreter itself; the command as given when it cannot tell (not found, not
   * Python, no answer within 10 s), so that jobs fail with the usual message.
   */
  public static String resolve(String command) {
    try {
      Process process =
          new ProcessBuilder(command, "-c", "import sys; print(sys.executable)")
              .redirectErrorStream(true)
              .start();
      process.getOutputStream().close();
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return command;
      }
      String answer =
          new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (process.exitValue() != 0 || answer.isEmpty() || answer.contains("\n")) {
        return command;
      }
      Path executable = Path.of(answer);
      return executable.isAbsolute() && Files.isExecutable(executable) ? answer : command;
    } catch (IOException | java.nio.file.InvalidPathException e) {
      return command;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return command;
    }
  }

  static String resource(String name) {
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
