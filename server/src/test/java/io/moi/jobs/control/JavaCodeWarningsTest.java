package io.moi.jobs.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The compiler's warnings are not errors: they neither fail a job nor fill its error. */
class JavaCodeWarningsTest {

  private final JavaCode java = new JavaCode();

  // new Integer(int) is deprecated for removal: javac warns about it by default.
  private static final String WARNED =
      "@SuppressWarnings(\"unused\") Integer boxed = new Integer(5);";

  @Test
  void codeWithACompilerWarningRuns() throws Exception {
    assertThat(java.run(WARNED + " return boxed + 10;")).isEqualTo(15);
  }

  @Test
  void aFailedCompilationListsItsErrorsButNotItsWarnings() {
    var failure = Failures.thrownBy(() -> java.run(WARNED + "\nreturn boxed + missing;"));

    assertThat(failure.lines())
        .containsExactly(
            "line 2, column 16: cannot find symbol\n  symbol:   variable missing\n  location: class MoiJob\n",
            "The java code does not compile: line 2, column 16: cannot find symbol\n");
  }

  @Test
  void everyErrorIsListedOnItsOwnLine() {
    assertThatThrownBy(() -> java.run("int a = first;\nint b = second;\nreturn a + b;"))
        .isInstanceOf(CommandFailedException.class)
        .hasMessageContaining("line 1, column 9: cannot find symbol")
        .hasMessageContaining("\nline 2, column 9: cannot find symbol");
  }
}
