package io.moi.jobs.control;

import io.moi.jobs.entity.Failure;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;

/**
 * Runs the body of a Java method returning a value: {@code var x = 5; return x + 10;} gives
 * 15. The body is compiled in memory, against the JDK only, and run in this JVM from a fresh
 * class loader; the value becomes the result as a function job's would.
 */
public final class JavaCode {

  private static final String CLASS = "MoiJob";

  // All on one line, with the body starting on it: the compiler's line numbers and those of
  // stack traces are the body's own.
  private static final String HEADER = "import java.util.*; import java.util.stream.*;"
      + " import java.time.*; import java.nio.file.*;"
      + " public class " + CLASS + " { public static Object run() throws Exception { ";

  private final JavaCompiler compiler;

  public JavaCode() {
    this(ToolProvider.getSystemJavaCompiler());
  }

  /** {@code compiler} is null on a Java runtime without one (a JRE). */
  JavaCode(JavaCompiler compiler) {
    this.compiler = compiler;
  }

  /** What the body returned; a compile error or an exception fails with its text. */
  public Object run(String body) throws Exception {
    if (compiler == null) {
      throw new CommandFailedException("No Java compiler available: the server runs on a Java"
          + " runtime without one (a JRE). Run it on a JDK to use java jobs.");
    }
    var diagnostics = new DiagnosticCollector<JavaFileObject>();
    var standard = compiler.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8);
    standard.setLocation(StandardLocation.CLASS_PATH, List.of());
    try (var classes = new CompiledClasses(standard)) {
      var source = CompiledClasses.source(CLASS, HEADER + body + "\n}}\n");
      var options = List.of("-proc:none", "-g");
      var task = compiler.getTask(null, classes, diagnostics, options, null, List.of(source));
      if (!task.call()) {
        throw new CommandFailedException(compileErrors(diagnostics));
      }
      var run = classes.loader().loadClass(CLASS).getMethod("run");
      try {
        return run.invoke(null);
      } catch (InvocationTargetException e) {
        throw new CommandFailedException(Failure.of(fromTheJob(e.getCause())));
      }
    }
  }

  // Every error, then the first again on the last line, which readers show as what happened.
  private static Failure compileErrors(DiagnosticCollector<JavaFileObject> diagnostics) {
    List<String> errors = diagnostics.getDiagnostics().stream()
        .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
        .map(JavaCode::describe)
        .toList();
    List<String> lines = new ArrayList<>(errors);
    lines.add("The java code does not compile"
        + (errors.isEmpty() ? "" : ": " + errors.get(0).lines().findFirst().orElse("")));
    return new Failure(lines);
  }

  private static String describe(Diagnostic<?> error) {
    String message = error.getMessage(Locale.ROOT);
    long line = error.getLineNumber();
    if (line == Diagnostic.NOPOS) {
      return message;
    }
    long column = error.getColumnNumber() - (line == 1 ? HEADER.length() : 0);
    return "line " + line + (column > 0 ? ", column " + column : "") + ": " + message;
  }

  // The frames below the job's own (reflection, the job runner, the container's threads)
  // say nothing about the job's code: they are cut from the trace and its causes.
  private static Throwable fromTheJob(Throwable thrown) {
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Throwable t = thrown; t != null && seen.add(t); t = t.getCause()) {
      var frames = t.getStackTrace();
      int last = frames.length - 1;
      while (last >= 0 && !isTheJob(frames[last])) {
        last--;
      }
      if (last >= 0) {
        t.setStackTrace(Arrays.copyOf(frames, last + 1));
      }
    }
    return thrown;
  }

  private static boolean isTheJob(StackTraceElement frame) {
    return frame.getClassName().equals(CLASS) || frame.getClassName().startsWith(CLASS + "$");
  }
}
