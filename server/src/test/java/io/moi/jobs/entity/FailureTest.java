package io.moi.jobs.entity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class FailureTest {

  @Test
  void everyLineEndsInANewlineAndTheTextIsTheirConcatenation() {
    Failure failure = Failure.of("first", "second\n");

    assertThat(failure.lines()).containsExactly("first\n", "second\n");
    assertThat(failure.text()).isEqualTo("first\nsecond\n");
    assertThat(failure.last()).isEqualTo("second\n");
  }

  @Test
  void aTextIsCutIntoItsLinesKeepingEachNewline() {
    assertThat(Failure.ofText("a\nb\n\nc").lines()).containsExactly("a\n", "b\n", "\n", "c\n");
    assertThat(Failure.ofText("").lines()).containsExactly("\n");
  }

  @Test
  void aFailureWithoutLinesIsRefused() {
    assertThatThrownBy(() -> new Failure(List.of())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anExceptionReadsLikePythonsTracebackWithTheThrownExceptionLast() {
    var cause = new IllegalStateException("disk full");
    var thrown = new RuntimeException("import failed", cause);

    List<String> lines = Failure.of(thrown).lines();

    assertThat(lines.get(lines.size() - 1))
        .isEqualTo("java.lang.RuntimeException: import failed\n");
    int causeLine = lines.indexOf("java.lang.IllegalStateException: disk full\n");
    int between =
        lines.indexOf("\nThe above exception was the direct cause of the following exception:\n\n");
    assertThat(causeLine).isNotNegative().isLessThan(between);
    // Frames come outermost call first: this test method is the last frame before each line.
    String here =
        "  at "
            + getClass().getName()
            + ".anExceptionReadsLikePythonsTracebackWithTheThrownExceptionLast(";
    assertThat(lines.get(causeLine - 1)).startsWith(here);
    assertThat(lines.get(lines.size() - 2)).startsWith(here);
    assertThat(lines).allMatch(line -> line.endsWith("\n"));
  }

  @Test
  void aCauseThatLoopsBackIsWrittenOnce() {
    var first = new IllegalStateException("first");
    var second = new IllegalArgumentException("second", first);
    first.initCause(second);

    assertThat(Failure.of(second).lines())
        .filteredOn(line -> line.startsWith("java.lang."))
        .containsExactly(
            "java.lang.IllegalStateException: first\n",
            "java.lang.IllegalArgumentException: second\n");
  }

  @Test
  void theOutputComesFirstAndWhatHappenedStaysLast() {
    Failure failure = Failure.of("Killed after the time limit").afterOutput("out", "err");

    assertThat(failure.lines())
        .containsExactly("stdout: out\n", "stderr: err\n", "Killed after the time limit\n");
    assertThat(failure.then("one more").last()).isEqualTo("one more\n");
  }

  @Test
  void storedAsAJsonArrayOfStrings() {
    assertThat(Failure.of("a", "b").toJson()).hasToString("[\"a\\n\",\"b\\n\"]");
  }

  @Test
  void aStoredListOfLinesIsReadBackAndAnythingElseIsNoFailure() {
    assertThat(Failure.fromJson(Failure.of("a", "b").toJson()))
        .hasValueSatisfying(f -> assertThat(f.lines()).containsExactly("a\n", "b\n"));
    assertThat(Failure.fromJson(Json.createValue("older single string"))).isEmpty();
    assertThat(Failure.fromJson(Json.createArrayBuilder().add("a").add(1).build())).isEmpty();
    assertThat(Failure.fromJson(Json.createArrayBuilder().build())).isEmpty();
  }
}
