package io.moi.jobs.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Python jobs that start an interpreter each; {@link PythonForksTest} runs the same forked. */
class PythonCodeTest {

  private final List<PythonCode> made = new ArrayList<>();
  final PythonCode python = python("python3", new ProcessLimits(Duration.ofMinutes(1), 4096));

  /** The python jobs under test, run by {@code interpreter} under {@code limits}. */
  PythonCode python(String interpreter, ProcessLimits limits) {
    return python(interpreter, new JobProcesses(limits));
  }

  PythonCode python(String interpreter, JobProcesses processes) {
    var code = new PythonCode(interpreter, processes, forks());
    made.add(code);
    return code;
  }

  boolean forks() {
    return false;
  }

  @AfterEach
  void stopWarmInterpreters() {
    made.forEach(PythonCode::close);
  }

  @Test
  void bodyOfAFunctionReturnsItsValueAsJson() throws Exception {
    assertThat(python.run("x = 5; return x + 10")).hasToString("15");
  }

  @Test
  void multiLineBodyKeepsItsIndentationAndItsStrings() throws Exception {
    String body =
        """
        total = 0
        for i in range(4):
            total += i
        text = '''a
          b'''
        return {"total": total, "text": text}
        """;
    assertThat(python.run(body)).hasToString("{\"total\":6,\"text\":\"a\\n  b\"}");
  }

  @Test
  void printedOutputDoesNotBreakTheResult() throws Exception {
    assertThat(python.run("print('15 is not the answer'); print('{'); return [1, 'two']"))
        .hasToString("[1,\"two\"]");
  }

  @Test
  void pythonErrorFailsWithPythonsTraceback() {
    var failure = Failures.thrownBy(() -> python.run("return float('crash and burn')"));

    // traceback.format_exception's list, as the original moi stored it
    assertThat(failure.lines().get(0)).isEqualTo("Traceback (most recent call last):\n");
    assertThat(failure.lines().get(1)).contains("File \"<job>\", line 1, in execwrapper");
    assertThat(failure.last())
        .isEqualTo("ValueError: could not convert string to float: 'crash and burn'\n");
  }

  @Test
  void failureKeepsWhatTheCodePrinted() {
    var failure =
        Failures.thrownBy(() -> python.run("print('got this far')\nraise KeyError('lost')"));

    assertThat(failure.lines().subList(0, 3))
        .containsExactly(
            "stdout: got this far\n\n", "stderr: \n", "Traceback (most recent call last):\n");
    assertThat(failure.text()).contains("File \"<job>\", line 2, in execwrapper");
    assertThat(failure.last()).isEqualTo("KeyError: 'lost'\n");
  }

  @Test
  void valueThatJsonCannotWriteFailsWithPythonsTypeError() {
    assertThat(Failures.thrownBy(() -> python.run("return {1, 2}")).last())
        .isEqualTo("TypeError: Object of type set is not JSON serializable\n");
  }

  @Test
  void syntaxErrorNamesTheLineOfTheBody() {
    assertThatThrownBy(() -> python.run("x = 1\ny = = 2\nreturn y"))
        .isInstanceOf(CommandFailedException.class)
        .hasMessageContaining("File \"<job>\", line 2")
        .hasMessageContaining("SyntaxError");
  }

  @Test
  void exitWithoutReturningFailsSayingSo() {
    var failure = Failures.thrownBy(() -> python.run("import sys; print('bye'); sys.exit(0)"));

    assertThat(failure.lines().get(0)).isEqualTo("stdout: bye\n\n");
    assertThat(failure.last()).startsWith("The python code exited without returning");
  }

  @Test
  void aResultFileThatIsALinkIsNotFollowed(@TempDir Path dir) throws Exception {
    // As a job running as another user might: point moi's file at a JSON file of the server's.
    Path secret = Files.writeString(dir.resolve("secret.json"), "{\"password\": \"hunter2\"}");
    var failure =
        Failures.thrownBy(
            () ->
                python.run(
                    "import os, sys\nos.symlink('%s', 'result.json')\nsys.exit(0)"
                        .formatted(secret)));

    assertThat(failure.text()).doesNotContain("hunter2");
    assertThat(failure.last()).contains("a link?").contains("result.json");
  }

  @Test
  void missingInterpreterFailsSayingHowToSetIt() {
    var missing = python("/no/such/python3", ProcessLimits.DEFAULTS);
    assertThatThrownBy(() -> missing.run("return 1"))
        .isInstanceOf(CommandFailedException.class)
        .hasMessageStartingWith("python3 was not found: cannot run '/no/such/python3'")
        .hasMessageContaining("moi.job.python");
  }

  @Test
  void timeLimitKillsTheInterpreter() {
    var impatient = python("python3", new ProcessLimits(Duration.ofSeconds(1), 4096));
    var failure =
        Failures.thrownBy(
            () -> impatient.run("import time\nprint('started', flush=True)\ntime.sleep(30)"));

    assertThat(failure.lines().get(0)).isEqualTo("stdout: started\n\n");
    assertThat(failure.last())
        .isEqualTo("Killed after the time limit of 1s (moi.job.timeout): python code\n");
  }

  @Test
  void aLauncherScriptInFrontOfTheInterpreterIsSkipped(@TempDir Path dir) throws Exception {
    // As a version manager's shim: a script that starts the interpreter.
    Path shim = dir.resolve("python3");
    Files.writeString(shim, "#!/bin/sh\nexec python3 \"$@\"\n");
    shim.toFile().setExecutable(true);
    String real = PythonCode.resolve("python3");

    String resolved = PythonCode.resolve(shim.toString());

    assertThat(resolved).isNotEqualTo(shim.toString()).isEqualTo(real);
    assertThat(Path.of(resolved)).isAbsolute().isExecutable();
    assertThat(python(resolved, ProcessLimits.DEFAULTS).run("return 2 + 3")).hasToString("5");
  }

  @Test
  void aCommandThatIsNoPythonIsKeptAsGiven(@TempDir Path dir) throws Exception {
    Path notPython = dir.resolve("not-python");
    Files.writeString(notPython, "#!/bin/sh\necho 'no such thing' >&2; exit 3\n");
    notPython.toFile().setExecutable(true);

    assertThat(PythonCode.resolve("no-such-python-here")).isEqualTo("no-such-python-here");
    assertThat(PythonCode.resolve(notPython.toString())).isEqualTo(notPython.toString());
  }
}
