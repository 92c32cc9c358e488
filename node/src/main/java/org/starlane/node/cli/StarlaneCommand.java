package org.starlane.node.cli;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Objects;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code starlane} command: the root of the command line and the main class of {@code
 * starlane.jar}.
 *
 * <p>Usable in-process: {@code new CommandLine(new StarlaneCommand()).execute(args)} writes text
 * only to the {@code CommandLine}'s {@link CommandLine#getOut() out} and {@link
 * CommandLine#getErr() err} writers, so a caller that sets its own writers captures everything.
 * Binary standard input/output and the clock come from the constructor.
 *
 * <p>Exit codes (the same for every subcommand): {@value #EXIT_OK} success, {@value
 * #EXIT_USAGE_OR_IO} invalid arguments or an I/O error, {@value #EXIT_BUNDLE_FORMAT} the input is
 * not a valid BPv7 bundle. Picocli's own usage-error code (2) is moved to 1 so that 2 means only
 * "bad bundle".
 *
 * <p>Not thread-safe: one instance serves one {@code execute} call at a time.
 */
@Command(
    name = "starlane",
    scope = ScopeType.INHERIT,
    mixinStandardHelpOptions = true,
    usageHelpWidth = 100,
    versionProvider = StarlaneVersion.class,
    exitCodeOnInvalidInput = StarlaneCommand.EXIT_USAGE_OR_IO,
    exitCodeOnExecutionException = StarlaneCommand.EXIT_USAGE_OR_IO,
    description = "Starlane, a Delay-Tolerant Networking stack (BPv7, RFC 9171).",
    synopsisSubcommandLabel = "COMMAND",
    commandListHeading = "%nCommands:%n",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      StarlaneCommand.EXIT_OK + ":success",
      StarlaneCommand.EXIT_USAGE_OR_IO + ":invalid arguments, or an I/O error",
      StarlaneCommand.EXIT_BUNDLE_FORMAT + ":the input is not a valid BPv7 bundle"
    },
    subcommands = {
      BundleCommand.class,
      CertCommand.class,
      ContactsCommand.class,
      RouteCommand.class,
      CommandLine.HelpCommand.class
    })
public final class StarlaneCommand implements Runnable {
  /** Exit code: success. */
  public static final int EXIT_OK = 0;

  /** Exit code: invalid arguments (picocli usage errors included), or an I/O error. */
  public static final int EXIT_USAGE_OR_IO = 1;

  /** Exit code: the input is not a valid BPv7 bundle (a {@code BundleFormatException}). */
  public static final int EXIT_BUNDLE_FORMAT = 2;

  private final InputStream stdin;
  private final OutputStream stdout;
  private final Clock clock;

  @Spec CommandSpec spec;

  /** A command on {@code System.in}, {@code System.out} and the system clock. */
  public StarlaneCommand() {
    this(System.in, System.out, Clock.systemUTC());
  }

  /**
   * A command on other streams and clock, for tests and embedding.
   *
   * @param stdin where {@code -} as an input file reads from
   * @param stdout where {@code --out -} writes binary output (text goes to the {@code
   *     CommandLine}'s out writer)
   * @param clock the clock that dates new bundles
   */
  public StarlaneCommand(InputStream stdin, OutputStream stdout, Clock clock) {
    this.stdin = Objects.requireNonNull(stdin, "stdin");
    this.stdout = Objects.requireNonNull(stdout, "stdout");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Runs {@code starlane} and exits the JVM with its exit code. */
  public static void main(String[] args) {
    System.exit(commandLine(new StarlaneCommand()).execute(args));
  }

  /**
   * The command line that {@link #main} runs: picocli's defaults, but a usage error prints the
   * message and a pointer to {@code --help} instead of the whole usage text. The exit codes are the
   * same as with a plain {@code new CommandLine(command)}.
   */
  public static CommandLine commandLine(StarlaneCommand command) {
    return new CommandLine(command).setParameterExceptionHandler(StarlaneCommand::reportUsageError);
  }

  private static int reportUsageError(ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    PrintWriter err = cmd.getErr();
    err.println(e.getMessage());
    if (!UnmatchedArgumentException.printSuggestions(e, err)) {
      err.println(
          "Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
    }
    err.flush();
    return cmd.getExitCodeExceptionMapper() != null
        ? cmd.getExitCodeExceptionMapper().getExitCode(e)
        : cmd.getCommandSpec().exitCodeOnInvalidInput();
  }

  /** {@code starlane} without a command is a usage error. */
  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing required command");
  }

  /**
   * The root command of {@code spec}'s command line, or one on the system streams when {@code spec}
   * runs without a {@code StarlaneCommand} above it.
   */
  static StarlaneCommand of(CommandSpec spec) {
    return spec.root().userObject() instanceof StarlaneCommand root ? root : new StarlaneCommand();
  }

  InputStream stdin() {
    return stdin;
  }

  OutputStream stdout() {
    return stdout;
  }

  Clock clock() {
    return clock;
  }
}
