package io.moi.jobs.control;

import jakarta.json.spi.JsonProvider;
import java.io.IOException;
import java.io.StringWriter;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A warm python interpreter that forks the process of each python job ({@code
 * moi.job.python-forks}): a new interpreter spends tens of milliseconds of CPU importing its site
 * before the job's first line, a fork of a warm one about a millisecond. The warm interpreter runs
 * as the job user, with a job's clean environment, in a private folder of its own, and has loaded
 * moi's launcher and nothing of any job; each forked process becomes its job's own (a session of
 * its own, the job's folder, environment, arguments and output files, see {@code python-forks.py})
 * and is then watched like a started one: the same time limit, output caps, status lines, cancel
 * and stop. The warm interpreter starts at the first python job, starts again when it has gone, and
 * exits with the server (it reads its standard input, which the server holds, to the end). When it
 * cannot start, python jobs start an interpreter each, as without this setting, and a new attempt
 * is made a minute later.
 */
final class PythonForks implements AutoCloseable {

  private static final Logger LOG = System.getLogger(PythonForks.class.getName());
  // Json.createGenerator looks the provider up on the class path at every call: once here.
  private static final JsonProvider JSON = JsonProvider.provider();
  private static final String SERVER = PythonCode.resource("python-forks.py");
  private static final long READY_NANOS = TimeUnit.SECONDS.toNanos(10);
  private static final long RETRY_NANOS = TimeUnit.MINUTES.toNanos(1);
  private static final long ANSWER_NANOS = TimeUnit.SECONDS.toNanos(10);
  // A unix socket's path holds at most 107 bytes.
  private static final int MAX_SOCKET_PATH = 100;

  private final String python;
  private final String launcher;
  private final JobProcesses processes;

  private Warm warm;
  private long retryAt = System.nanoTime();
  private boolean closed;

  /** A running warm interpreter: its process, its folder and socket, and its own output. */
  private record Warm(
      Process process,
      ProcessTree tree,
      JobFolder folder,
      Path socket,
      Path launcher,
      CapturedOutput output) {
    // Its standard input closed, it exits by itself; what remains of it is stopped.
    void stop() {
      try {
        process.getOutputStream().close();
      } catch (IOException e) {
        // it is stopped below in any case
      }
      ProcessTree.stop(List.of(tree), JobProcesses.GRACE_MILLIS);
      try {
        output.close();
      } catch (IOException e) {
        LOG.log(Level.DEBUG, "Cannot remove the warm interpreter's output: {0}", e.toString());
      }
      folder.close();
    }
  }

  PythonForks(String python, String launcher, JobProcesses processes) {
    this.python = python;
    this.launcher = launcher;
    this.processes = processes;
  }

  /**
   * Runs moi's launcher with {@code arguments} (the job's files) in a forked process; null when no
   * warm interpreter is there to fork it, and the caller starts an interpreter of its own.
   */
  ChildProcess.Outcome run(
      String jobId, Consumer<String> statuses, JobFolder folder, List<String> arguments)
      throws IOException, CommandFailedException {
    Warm warm = warm();
    if (warm == null) {
      return null;
    }
    var argv = new ArrayList<String>();
    argv.add(warm.launcher().toString());
    argv.addAll(arguments);
    processes.checkStart();
    long cap = processes.limits().maxOutput();
    try (var out = CapturedOutput.inFolder(folder, "moi-stdout", cap);
        var err = CapturedOutput.inFolder(folder, "moi-stderr", cap);
        var channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      try {
        channel.connect(UnixDomainSocketAddress.of(warm.socket()));
      } catch (IOException e) {
        // Gone since it was looked at (a job of the same user may end it): the next job
        // starts it again.
        LOG.log(Level.WARNING, "The warm python interpreter does not answer: {0}", e.toString());
        return null;
      }
      var env = processes.environment().forJob(jobId, processes.user(), folder.path());
      write(channel, request(folder.path(), out.path(), err.path(), env, argv));
      try (var exit = new ForkExit(channel)) {
        return watch(jobId, statuses, folder, out, err, exit);
      }
    }
  }

  private ChildProcess.Outcome watch(
      String jobId,
      Consumer<String> statuses,
      JobFolder folder,
      CapturedOutput out,
      CapturedOutput err,
      ForkExit exit)
      throws IOException, CommandFailedException {
    // Empty when the process has ended (and was reaped) before it could be looked at.
    var process = ProcessHandle.of(exit.started());
    var child = processes.adopt(jobId, process.orElse(null), exit);
    try {
      return ChildProcess.outcome(
          processes, child, out, err, new StatusFile(folder.path(), statuses), "python code");
    } finally {
      if (exit.lost()) {
        child.tree().signal("KILL");
      }
    }
  }

  private static String request(
      Path folder, Path out, Path err, Map<String, String> env, List<String> arguments) {
    var text = new StringWriter();
    try (var json = JSON.createGenerator(text)) {
      json.writeStartObject()
          .write("folder", folder.toString())
          .write("out", out.toString())
          .write("err", err.toString());
      json.writeStartObject("env");
      env.forEach(json::write);
      json.writeEnd();
      json.writeStartArray("argv");
      arguments.forEach(json::write);
      json.writeEnd().writeEnd();
    }
    return text + "\n";
  }

  private static void write(SocketChannel channel, String text) throws IOException {
    var bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    while (bytes.hasRemaining()) {
      channel.write(bytes);
    }
  }

  /** The warm interpreter, started when it is not running; null when it cannot be. */
  private synchronized Warm warm() {
    if (closed) {
      return null;
    }
    if (warm != null && warm.process().isAlive()) {
      return warm;
    }
    if (warm != null) {
      LOG.log(
          Level.WARNING,
          "The warm python interpreter ended (status {0}); it starts again. Its output: {1}",
          warm.process().exitValue(),
          outputOf(warm));
      warm.stop();
      warm = null;
    }
    if (System.nanoTime() - retryAt < 0) {
      return null;
    }
    try {
      warm = start();
      LOG.log(Level.INFO, "Python jobs are forked from a warm interpreter ({0})", python);
      return warm;
    } catch (IOException | CommandFailedException e) {
      retryAt = System.nanoTime() + RETRY_NANOS;
      LOG.log(
          Level.WARNING,
          "Python jobs start an interpreter each: the warm interpreter did not start ({0});"
              + " tried again in a minute",
          e.getMessage());
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private Warm start() throws IOException, CommandFailedException, InterruptedException {
    var folder = processes.folder();
    CapturedOutput output = null;
    Process process = null;
    Path socket = folder.path().resolve("forks.sock");
    try {
      if (socket.toString().length() > MAX_SOCKET_PATH) {
        throw new IOException("the path of its socket is too long: " + socket);
      }
      Path script = folder.writeForJob("moi_forks.py", SERVER);
      Path launcherFile = folder.writeForJob("moi_launcher.py", launcher);
      output = new CapturedOutput(".forks", 64 * 1024);
      var builder =
          new ProcessBuilder(
                  processes
                      .user()
                      .wrap(
                          List.of(
                              python,
                              script.toString(),
                              launcherFile.toString(),
                              socket.toString()),
                          folder.path()))
              .directory(folder.path().toFile())
              .redirectOutput(output.redirect())
              .redirectErrorStream(true);
      builder.environment().clear();
      builder
          .environment()
          .putAll(processes.environment().forJob(null, processes.user(), folder.path()));
      process = builder.start();
      long started = System.nanoTime();
      while (!output.text().startsWith("ready\n")) {
        if (!process.isAlive() || System.nanoTime() - started > READY_NANOS) {
          throw new IOException(
              (process.isAlive() ? "no answer in 10 s" : "it exited with " + process.exitValue())
                  + ": "
                  + output.text().strip());
        }
        Thread.sleep(5);
      }
      return new Warm(
          process,
          new ProcessTree(process.toHandle(), processes.user()),
          folder,
          socket,
          launcherFile,
          output);
    } catch (IOException | CommandFailedException | InterruptedException | RuntimeException e) {
      if (process != null) {
        new Warm(
                process,
                new ProcessTree(process.toHandle(), processes.user()),
                folder,
                socket,
                socket,
                output)
            .stop();
      } else {
        if (output != null) {
          output.close();
        }
        folder.close();
      }
      throw e;
    }
  }

  private static String outputOf(Warm warm) {
    try {
      return warm.output().text().strip();
    } catch (IOException e) {
      return e.toString();
    }
  }

  /** Stops the warm interpreter (the server stops); later python jobs start their own. */
  @Override
  public synchronized void close() {
    closed = true;
    if (warm != null) {
      warm.stop();
      warm = null;
    }
  }

  /**
   * The end of a forked process, as the warm interpreter tells it over the job's connection: {@code
   * started <pid>} at once, {@code ended <status>} when it has ended. A connection that closes
   * without the second line means the warm interpreter itself has gone.
   */
  private static final class ForkExit implements JobProcesses.Exit, AutoCloseable {

    private final SocketChannel channel;
    private final Selector selector;
    private final StringBuilder received = new StringBuilder();
    private final ByteBuffer buffer = ByteBuffer.allocate(256);
    private Integer status;
    private boolean lost;

    ForkExit(SocketChannel channel) throws IOException {
      this.channel = channel;
      channel.configureBlocking(false);
      this.selector = Selector.open();
      channel.register(selector, SelectionKey.OP_READ);
    }

    /** The forked process's ID. */
    long started() throws IOException, CommandFailedException {
      long deadline = System.nanoTime() + ANSWER_NANOS;
      boolean open = true;
      String line;
      while ((line = line()) == null) {
        long left = deadline - System.nanoTime();
        if (!open || left <= 0) {
          throw new CommandFailedException(
              open
                  ? "The warm python interpreter did not start the job within 10 s"
                  : "The warm python interpreter ended before it started the job");
        }
        open = receive(left);
      }
      if (!line.startsWith("started ")) {
        throw new IOException("the warm python interpreter answered '" + line + "'");
      }
      return Long.parseLong(line.substring("started ".length()));
    }

    // Both lines and the end of the connection may come in one read.
    @Override
    public boolean waitFor(long nanos) throws IOException, CommandFailedException {
      if (status != null) {
        return true;
      }
      String line = line();
      if (line == null) {
        boolean open = receive(nanos);
        line = line();
        if (line == null && !open) {
          lost = true;
          throw new CommandFailedException(
              "The warm python interpreter that started the job ended before it");
        }
      }
      if (line == null) {
        return false;
      }
      if (!line.startsWith("ended ")) {
        throw new IOException("the warm python interpreter answered '" + line + "'");
      }
      status = Integer.parseInt(line.substring("ended ".length()));
      return true;
    }

    /** Whether the warm interpreter went away while the job ran: the job is nobody's then. */
    boolean lost() {
      return lost;
    }

    @Override
    public int status() {
      return status;
    }

    @Override
    public void close() throws IOException {
      selector.close();
    }

    private String line() {
      int end = received.indexOf("\n");
      if (end < 0) {
        return null;
      }
      String line = received.substring(0, end);
      received.delete(0, end + 1);
      return line;
    }

    /** Reads what has come within {@code nanos}; false once the connection has closed. */
    private boolean receive(long nanos) throws IOException {
      selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos)));
      selector.selectedKeys().clear();
      while (true) {
        buffer.clear();
        int read = channel.read(buffer);
        if (read < 0) {
          return false;
        }
        if (read == 0) {
          return true;
        }
        received.append(new String(buffer.array(), 0, read, StandardCharsets.US_ASCII));
      }
    }
  }
}
