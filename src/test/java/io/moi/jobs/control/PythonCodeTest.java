package io.moi.jobs.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PythonCodeTest {

  private final PythonCode python =
      new PythonCode("python3", new JobProcesses(new ProcessLimits(Duration.ofMinutes(1), 4096)));

  @Test
  void bodyOfAFunctionReturnsItsValueAsJson() throws Exception {
    assertThat(python.run("x = 5; return x + 10")).hasToString("15");
  }

  @Test
  void multiLineBodyKeepsItsIndentationAndItsStrings() throws Exception {
    String body = """
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
    assertThatThrownBy(() -> python.run("return float('crash and burn')"))
        .isInstanceOf(CommandFailedException.class)
        .hasMessageStartingWith("Traceback (most recent call last):")
        .hasMessageContaining("File \"<job>\", line 1, in execwrapper")
        .hasMessageEndingWith("\nValueError: could not convert string to float: 'crash and burn'");
  }

  @Test
  void failureKeepsWhatTheCodePrinted() {
    assertThatThrownBy(() -> python.run("print('got this far')\nraise KeyError('lost')"))
        .isInstanceOf(CommandFailedException.class)
        .hasMessageStartingWith("stdout: got this far\n\nstderr: Traceback (most recent call last):")
        .hasMessageContaining("File \"<job>\", line 2, in execwrapper")
        .hasMessageEndingWith("KeyError: 'lost'");
  }

  @Test
  void valueThatJsonCannotWriteFailsWithPythonsTypeError() {
    assertThatThrownBy(() -> python.run("return {1, 2}"))
        .isInstanceOf(CommandFailedException.class)
        .hasMessageEndingWith("TypeError: Object of type set is not JSON serializable");
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
    assertThatThrownBy(() -> python.run("import sys; print('bye'); sys.exit(0)"))
        .isInstanceOf(CommandFailedException.class)
        .hasMessageStartingWith("The python code exited without returning")
        .hasMessageContaining("stdout: bye\n");
  }

  @Test
  void missingInterpreterFailsSayingHowToSetIt() {
    var missing = new PythonCode("/no/such/python3", new JobProcesses(ProcessLimits.DEFAULTS));
    assertThatThrownBy(() -> missing.run("return 1"))
        .isInstanceOf(CommandFailedException.class)
        .hasMessageStartingWith("python3 was not found: cannot run '/no/such/python3'")
        .hasMessageContaining("moi.job.python");
  }

  @Test
  void timeLimitKillsTheInterpreter() {
    var impatient = new PythonCode("python3", new JobProcesses(new ProcessLimits(Duration.ofSeconds(1), 4096)));
    assertThatThrownBy(() -> impatient.run("import time\nprint('started', flush=True)\ntime.sleep(30)"))
        .isInstanceOf(CommandFailedException.class)
        .hasMessageStartingWith("Killed after the time limit of 1s (moi.job.timeout): python code\n"
            + "stdout: started\n");
  }
}
