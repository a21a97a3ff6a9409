package io.moi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the real command line, in-process or packaged, and keeps what it printed. */
public final class Runs {

  /** The packaged command line, built by {@code mvn package} into cli/target. */
  static final Path JAR = Path.of(System.getProperty("it.cli.jar", "target/moi-cli.jar"));

  public record Outcome(int exitCode, String out, String err) {}

  private Runs() {}

  public static Outcome moi(Map<String, String> env, String... args) {
    return moi(env, new NoConsole(), args);
  }

  static Outcome moi(Map<String, String> env, Terminal terminal, String... args) {
    var out = new StringWriter();
    var err = new StringWriter();
    int exitCode =
        Moi.commandLine(env, terminal)
            .setOut(new PrintWriter(out, true))
            .setErr(new PrintWriter(err, true))
            .execute(args);
    return new Outcome(exitCode, out.toString(), err.toString());
  }

  /**
   * target/moi-cli.jar run as {@code java -jar}, as bin/moi runs it, with only the given MOI_
   * variables and no console: the exit status is the process's own.
   */
  static Outcome packaged(Map<String, String> env, String... args) {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                JAR.toString()));
    command.addAll(List.of(args));
    var builder = new ProcessBuilder(command);
    builder.environment().keySet().removeIf(name -> name.startsWith("MOI_"));
    builder.environment().putAll(env);
    try {
      Path out = Files.createTempFile("moi-cli", ".out");
      Path err = Files.createTempFile("moi-cli", ".err");
      try {
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        process.getOutputStream().close();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
        assertThat(process.isAlive()).as("moi-cli.jar still running").isFalse();
        return new Outcome(
            process.waitFor(),
            Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
      } finally {
        Files.delete(out);
        Files.delete(err);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while moi-cli.jar ran", e);
    }
  }

  /** As when moi runs in a pipe or CI: nobody to ask. */
  static final class NoConsole implements Terminal {
    @Override
    public boolean interactive() {
      return false;
    }

    @Override
    public String readLine(String prompt) {
      throw new AssertionError("asked without a console: " + prompt);
    }

    @Override
    public char[] readPassword(String prompt) {
      throw new AssertionError("asked without a console: " + prompt);
    }
  }

  /** A person typing the given answers; keeps the prompts. */
  static final class Typist implements Terminal {
    final List<String> prompts = new ArrayList<>();
    private final String username;
    private final String password;

    Typist(String username, String password) {
      this.username = username;
      this.password = password;
    }

    @Override
    public boolean interactive() {
      return true;
    }

    @Override
    public String readLine(String prompt) {
      prompts.add(prompt);
      return username;
    }

    @Override
    public char[] readPassword(String prompt) {
      prompts.add(prompt);
      return password.toCharArray();
    }
  }
}
