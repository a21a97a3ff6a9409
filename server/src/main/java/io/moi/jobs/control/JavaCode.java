package io.moi.jobs.control;

import io.moi.jobs.entity.Failure;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;

/**
 * Runs the body of a Java method returning a value: {@code var x = 5; return x + 10;} gives 15. The
 * body is compiled in memory, against the JDK only, and run in this JVM from a fresh class loader;
 * the value becomes the result as a function job's would.
 *
 * <p>The code runs on a thread of its own, so that the time limit ({@code moi.job.timeout}) and a
 * cancel can end the job whatever the code does: the thread is interrupted, and if the code ignores
 * that for a second, stopped with {@code Thread.stop} where the JVM still allows it (Java 19 and
 * older). On newer JVMs a thread that ignores interrupts is left to run out as a daemon; the job
 * has ended Failed all the same and its slot is free.
 */
public final class JavaCode {

  private static final String CLASS = "MoiJob";

  // All on one line, with the body starting on it: the compiler's line numbers and those of
  // stack traces are the body's own.
  private static final String HEADER =
      "import java.util.*; import java.util.stream.*;"
          + " import java.time.*; import java.nio.file.*;"
          + " public class "
          + CLASS
          + " { public static Object run() throws Exception { ";

  // How long code that was interrupted has to end before its thread is stopped.
  private static final long STOP_GRACE_MILLIS = 1000;

  // Bodies compiled before (by their SHA-256), with their class files: compiling costs far more
  // than running a short body, and jobs often repeat the same code. Bounded, least recently used
  // out; a body too long to be worth keeping is compiled each time.
  private static final int COMPILED_BODIES = 256;
  private static final int CACHED_BODY_CHARS = 16_384;

  private final JavaCompiler compiler;
  private final Duration timeout;
  private final Map<String, Map<String, byte[]>> compiled =
      Collections.synchronizedMap(
          new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Map<String, byte[]>> eldest) {
              return size() > COMPILED_BODIES;
            }
          });
  private final AtomicLong compilations = new AtomicLong();

  public JavaCode() {
    this(ToolProvider.getSystemJavaCompiler(), ProcessLimits.DEFAULTS.timeout());
  }

  /** Java code stopped after {@code timeout}. */
  public JavaCode(Duration timeout) {
    this(ToolProvider.getSystemJavaCompiler(), timeout);
  }

  /** {@code compiler} is null on a Java runtime without one (a JRE). */
  JavaCode(JavaCompiler compiler) {
    this(compiler, ProcessLimits.DEFAULTS.timeout());
  }

  JavaCode(JavaCompiler compiler, Duration timeout) {
    this.compiler = compiler;
    this.timeout = timeout;
  }

  /** What the body returned; a compile error or an exception fails with its text. */
  public Object run(String body) throws Exception {
    if (compiler == null) {
      throw new CommandFailedException(
          "No Java compiler available: the server runs on a Java"
              + " runtime without one (a JRE). Run it on a JDK to use java jobs.");
    }
    String key = body.length() <= CACHED_BODY_CHARS ? digest(body) : null;
    Map<String, byte[]> classes = key == null ? null : compiled.get(key);
    if (classes == null) {
      classes = compile(body);
      if (key != null) {
        compiled.put(key, classes);
      }
    }
    var run = CompiledClasses.loader(classes).loadClass(CLASS).getMethod("run");
    return withinTheLimit(run);
  }

  private static String digest(String body) {
    try {
      var sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(body.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** How many bodies were compiled: the same body submitted again is not. */
  long compilations() {
    return compilations.get();
  }

  private Map<String, byte[]> compile(String body) throws IOException, CommandFailedException {
    compilations.incrementAndGet();
    var diagnostics = new DiagnosticCollector<JavaFileObject>();
    var standard =
        compiler.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8);
    standard.setLocation(StandardLocation.CLASS_PATH, List.of());
    try (var classes = new CompiledClasses(standard)) {
      var source = CompiledClasses.source(CLASS, HEADER + body + "\n}}\n");
      var options = List.of("-proc:none", "-g");
      var task = compiler.getTask(null, classes, diagnostics, options, null, List.of(source));
      if (!task.call()) {
        throw new CommandFailedException(compileErrors(diagnostics));
      }
      return classes.bytes();
    }
  }

  // Runs the compiled method on a thread of its own and waits for it, up to the time limit.
  private Object withinTheLimit(Method run) throws Exception {
    var outcome =
        new FutureTask<Object>(
            () -> {
              try {
                return run.invoke(null);
              } catch (InvocationTargetException e) {
                throw new CommandFailedException(Failure.of(fromTheJob(e.getCause())));
              }
            });
    Thread code = new Thread(outcome, "moi-java-code");
    code.setDaemon(true);
    code.start();
    try {
      return outcome.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception thrown) {
        throw thrown;
      }
      throw new CommandFailedException(Failure.of(e.getCause()));
    } catch (TimeoutException e) {
      String how = stop(code);
      throw new CommandFailedException(
          Failure.of(
              "Stopped after the time limit of "
                  + new ProcessLimits(timeout, 0).timeoutText()
                  + " (moi.job.timeout): java code ("
                  + how
                  + ")"));
    } catch (InterruptedException e) {
      // The job is being stopped (cancelled, or the server stops): so is its code.
      stop(code);
      throw e;
    }
  }

  /** Interrupts the code's thread, then stops it if it runs on; says how it ended. */
  static String stop(Thread code) {
    code.interrupt();
    try {
      code.join(STOP_GRACE_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (!code.isAlive()) {
      return "interrupted";
    }
    try {
      Thread.class.getMethod("stop").invoke(code);
      code.join(STOP_GRACE_MILLIS);
      return code.isAlive()
          ? "interrupted, then stopped; it has not ended yet"
          : "interrupted, then stopped";
    } catch (ReflectiveOperationException | UnsupportedOperationException e) {
      return "interrupted; this JVM cannot stop a thread, so it runs on until it returns";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted, then stopped";
    }
  }

  // Every error, then the first again on the last line, which readers show as what happened.
  private static Failure compileErrors(DiagnosticCollector<JavaFileObject> diagnostics) {
    List<String> errors =
        diagnostics.getDiagnostics().stream()
            .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
            .map(JavaCode::describe)
            .toList();
    List<String> lines = new ArrayList<>(errors);
    lines.add(
        "The java code does not compile"
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
