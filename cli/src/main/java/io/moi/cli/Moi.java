package io.moi.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * {@code moi}: submit jobs to a moi server and show them. The environment and the console are
 * handed in rather than read from {@link System}, so tests run it in-process as it is.
 */
@Command(
    name = "moi",
    mixinStandardHelpOptions = true,
    versionProvider = Moi.Version.class,
    description =
        "Submits jobs to a moi server, shows them, stops them, runs them again or on a schedule.",
    footer = {
      "",
      "Environment:",
      "  MOI_URL       the server, when there is no --url",
      "  MOI_USERNAME  who to log in as (asked for when not set)",
      "  MOI_PASSWORD  the password (asked for, without echo, when not set)"
    },
    subcommands = {
      SubmitCommand.class, JobCommand.class, UserJobsCommand.class, UsersCommand.class,
      CancelCommand.class, RerunCommand.class, ScheduleCommand.class, SchedulesCommand.class,
      ScheduleChanges.Pause.class, ScheduleChanges.Resume.class, ScheduleChanges.Delete.class
    })
public final class Moi {

  static final String DEFAULT_URL = "http://localhost:8080";
  static final String DEBUG = "MOI_DEBUG";

  @Option(
      names = "--url",
      paramLabel = "URL",
      scope = ScopeType.INHERIT,
      description = {"The moi server.", "Default: $MOI_URL, else " + DEFAULT_URL})
  String url;

  private final Map<String, String> env;
  private final Terminal terminal;

  public Moi(Map<String, String> env, Terminal terminal) {
    this.env = Map.copyOf(env);
    this.terminal = terminal;
  }

  public static void main(String[] args) {
    Map<String, String> env = System.getenv();
    if (!env.containsKey(DEBUG)) {
      // Jersey's and HK2's log lines are not for the person at the terminal.
      Logger.getLogger("").setLevel(Level.OFF);
    }
    System.exit(commandLine(env, Terminal.system()).execute(args));
  }

  /** The configured command line, ready for {@code setOut}, {@code setErr} and {@code execute}. */
  static CommandLine commandLine(Map<String, String> env, Terminal terminal) {
    var cli = new CommandLine(new Moi(env, terminal));
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setParameterExceptionHandler((e, args) -> usageError(e));
    cli.setExecutionExceptionHandler(
        (e, command, parsed) -> report(e, command, parsed, env.containsKey(DEBUG)));
    return cli;
  }

  /** A client for the server of --url or MOI_URL; credentials are asked for when first needed. */
  MoiClient connect() {
    return new MoiClient(serverUri(), () -> Credentials.from(env, terminal));
  }

  URI serverUri() {
    String given = url != null ? url : env.getOrDefault("MOI_URL", "");
    String text = given.isBlank() ? DEFAULT_URL : given.strip();
    try {
      URI uri = new URI(text);
      if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null
          && uri.getRawQuery() == null
          && uri.getRawFragment() == null) {
        return uri;
      }
    } catch (java.net.URISyntaxException e) {
      // reported below with the other malformed addresses
    }
    throw new CliException(
        "not a server address: " + text + " (--url or MOI_URL, e.g. " + DEFAULT_URL + ")", 2);
  }

  // What went wrong, in one sentence on standard error; a stack trace only when asked for.
  private static int report(Exception e, CommandLine command, ParseResult parsed, boolean debug) {
    PrintWriter err = command.getErr();
    if (e instanceof CliException failure) {
      // The message may echo the server's words (an error's detail): never raw to the terminal.
      err.println(TerminalText.escape(failure.getMessage()));
      err.flush();
      return failure.exitCode();
    }
    err.println(
        TerminalText.escape("moi: unexpected error: " + e)
            + (debug ? "" : " (MOI_DEBUG=1 shows details)"));
    if (debug) {
      e.printStackTrace(err);
    }
    err.flush();
    return 1;
  }

  // Wrong usage: what was not understood, picocli's suggestions, the usage, exit status 2.
  private static int usageError(ParameterException e) {
    CommandLine command = e.getCommandLine();
    PrintWriter err = command.getErr();
    err.println(TerminalText.escape(usageMessage(e, command.getUnmatchedArguments())));
    UnmatchedArgumentException.printSuggestions(e, err);
    command.usage(err, command.getColorScheme());
    err.flush();
    return command.getCommandSpec().exitCodeOnInvalidInput();
  }

  // picocli checks the required options before it reports unknown ones, so
  // "submit --colour" alone would only say that --cmd is missing: name the stranger first.
  static String usageMessage(ParameterException e, List<String> unmatched) {
    List<String> options =
        unmatched.stream()
            .filter(arg -> arg.startsWith("-") && arg.length() > 1)
            .map(arg -> arg.split("=", 2)[0])
            .distinct()
            .toList();
    if (options.isEmpty()) {
      return e.getMessage();
    }
    return (options.size() == 1 ? "Unknown option: " : "Unknown options: ")
        + options.stream().map(o -> "'" + o + "'").collect(Collectors.joining(", "));
  }

  /** The version from the jar's manifest. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Moi.class.getPackage().getImplementationVersion();
      return new String[] {"moi " + (version == null ? "(development build)" : version)};
    }
  }
}
