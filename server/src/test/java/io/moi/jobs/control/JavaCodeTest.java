package io.moi.jobs.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class JavaCodeTest {

  private final JavaCode java = new JavaCode();

  @Test
  void bodyOfAMethodReturnsItsValue() throws Exception {
    assertThat(java.run("var x = 5; return x + 10;")).isEqualTo(15);
  }

  @Test
  void theSameBodyIsCompiledOnceAndRunsInFreshClassesEachTime() throws Exception {
    String body = "return System.identityHashCode(MoiJob.class);";
    Object first = java.run(body);
    Object second = java.run(body);
    java.run("return 2;");

    assertThat(java.compilations()).as("two different bodies").isEqualTo(2);
    assertThat(second)
        .as("a class of its own: no static state passes between jobs")
        .isNotEqualTo(first);
  }

  @Test
  void aBodyThatDoesNotCompileIsNotRemembered() {
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> java.run("return nope;")).isInstanceOf(CommandFailedException.class);
    }
    assertThat(java.compilations()).isEqualTo(2);
  }

  @Test
  void commonPackagesAreImported() throws Exception {
    String body =
        """
        var squares = new ArrayList<Integer>();
        for (int i = 1; i <= 3; i++) {
          squares.add(i * i);
        }
        return squares.stream().map(String::valueOf).collect(Collectors.toList());
        """;
    assertThat(java.run(body)).isEqualTo(List.of("1", "4", "9"));
  }

  @Test
  void compileErrorCarriesTheCompilersMessageAtTheBodysLine() {
    var failure = Failures.thrownBy(() -> java.run("var x = 5;\nreturn y + x;"));

    assertThat(failure.lines().get(0)).startsWith("line 2, column 8: cannot find symbol");
    assertThat(failure.last())
        .isEqualTo("The java code does not compile: line 2, column 8: cannot find symbol\n");
  }

  @Test
  void compileErrorOnTheFirstLineCountsColumnsFromTheBody() {
    assertThatThrownBy(() -> java.run("return 15"))
        .isInstanceOf(CommandFailedException.class)
        .hasMessageContaining("line 1, column 10: ';' expected");
  }

  @Test
  void exceptionFailsWithItsTraceFromTheJobsCode() {
    String body =
        """
        int[] none = {};
        if (none.length == 0) throw new IllegalStateException("crash and burn");
        return none;
        """;
    var failure = Failures.thrownBy(() -> java.run(body));

    // Python's order, the exception last, and none of moi's own frames
    assertThat(failure.lines())
        .containsExactly(
            "  at MoiJob.run(MoiJob.java:2)\n",
            "java.lang.IllegalStateException: crash and burn\n");
  }

  @Test
  void codeSeesTheJdkButNotTheServersClasses() {
    assertThatThrownBy(() -> java.run("return io.moi.jobs.control.JavaCode.class;"))
        .isInstanceOf(CommandFailedException.class)
        .hasMessageContaining("does not exist");
  }

  @Test
  void missingCompilerFailsSayingSo() {
    assertThatThrownBy(() -> new JavaCode((javax.tools.JavaCompiler) null).run("return 1;"))
        .isInstanceOf(CommandFailedException.class)
        .hasMessageStartingWith("No Java compiler available");
  }

  @Test
  void codeThatRunsPastTheTimeLimitIsStoppedAndTheJobFailsSayingSo() {
    var limited = new JavaCode(Duration.ofMillis(500));
    long started = System.nanoTime();

    assertThatThrownBy(() -> limited.run("while (true) { Math.sqrt(2); }"))
        .isInstanceOf(CommandFailedException.class)
        .hasMessageContaining("Stopped after the time limit of 500ms (moi.job.timeout): java code");

    assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(5000);
    assertThat(Thread.getAllStackTraces().keySet())
        .noneMatch(t -> t.getName().equals("moi-java-code") && t.isAlive());
  }

  @Test
  void codeThatAnswersInterruptsEndsWithoutBeingStopped() {
    var limited = new JavaCode(Duration.ofMillis(300));

    assertThatThrownBy(() -> limited.run("Thread.sleep(60_000); return 1;"))
        .isInstanceOf(CommandFailedException.class)
        .hasMessageContaining("(interrupted)");
  }

  @Test
  void theJobsThreadInterruptedStopsItsCode() throws Exception {
    var result = new java.util.concurrent.atomic.AtomicReference<Throwable>();
    Thread job =
        new Thread(
            () -> {
              try {
                java.run("while (true) { Math.sqrt(2); }");
              } catch (Throwable e) {
                result.set(e);
              }
            });
    job.start();
    Thread.sleep(300); // not a poll: the loop is well under way when it is interrupted
    job.interrupt();
    job.join(5000);

    assertThat(job.isAlive()).isFalse();
    assertThat(result.get()).isInstanceOf(InterruptedException.class);
  }
}
