package org.starlane.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StarlaneCommandTest {

  @Test
  void versionNamesStarlaneAndTheProtocolAndExitsZero() {
    CommandRun run = CommandRun.of("--version");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .startsWith("starlane ")
        .contains("Bundle Protocol version 7 (RFC 9171)")
        .contains("Java " + Runtime.version());
    assertThat(run.err()).isEmpty();
  }

  @Test
  void helpListsTheCommandsAndTheExitCodes() {
    CommandRun run = CommandRun.of("--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("Usage: starlane")
        .contains("bundle")
        .contains("help")
        .contains("Exit codes:")
        .contains("1   invalid arguments, or an I/O error")
        .contains("2   the input is not a valid BPv7 bundle");
  }

  @Test
  void subcommandHelpComesFromTheOptionAndFromTheHelpCommand() {
    CommandRun option = CommandRun.of("bundle", "create", "--help");
    CommandRun command = CommandRun.of("help", "bundle");
    CommandRun inspect = CommandRun.of("bundle", "inspect", "-h");

    assertThat(option.exitCode()).isZero();
    assertThat(option.out())
        .contains("Usage: starlane bundle create")
        .contains("--crc=TYPE")
        .contains("'none' applies to the canonical blocks only")
        .contains("Exit codes:");
    assertThat(command.exitCode()).isZero();
    assertThat(command.out())
        .contains("Usage: starlane bundle")
        .contains("create")
        .contains("inspect");
    assertThat(inspect.exitCode()).isZero();
    assertThat(inspect.out()).contains("Usage: starlane bundle inspect").contains("--json");
  }

  @Test
  void noCommandIsAUsageErrorWithExitCode1() {
    CommandRun top = CommandRun.of();
    CommandRun bundle = CommandRun.of("bundle");

    assertThat(top.exitCode()).isEqualTo(StarlaneCommand.EXIT_USAGE_OR_IO).isEqualTo(1);
    assertThat(top.err()).startsWith("Missing required command").contains("Usage: starlane");
    assertThat(bundle.exitCode()).isEqualTo(1);
    assertThat(bundle.err()).startsWith("Missing required command");
    assertThat(top.out()).isEmpty();
  }

  @Test
  void unknownOptionsAndCommandsAreUsageErrorsAtEveryLevel() {
    assertThat(CommandRun.of("--bogus").exitCode()).isEqualTo(1);
    assertThat(CommandRun.of("bundle", "frobnicate").exitCode()).isEqualTo(1);
    CommandRun run = CommandRun.of("bundle", "inspect", "--bogus");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("Unknown option: '--bogus'");
  }

  @Test
  void mainCommandLinePointsToHelpInsteadOfPrintingTheWholeUsage() {
    CommandRun run = CommandRun.asMain("bundle", "create", "--source", "ipn:1.0", "--hex");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .isEqualTo(
            "Missing required option: '--destination=EID'"
                + System.lineSeparator()
                + "Try 'starlane bundle create --help' for more information."
                + System.lineSeparator());
  }

  @Test
  void mainCommandLineSuggestsTheNearestCommand() {
    CommandRun run = CommandRun.asMain("bundle", "inspekt");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("'inspekt'").contains("inspect").doesNotContain("Usage:");
  }

  @Test
  void mainCommandLineKeepsExitCodesAndHelp() {
    assertThat(CommandRun.asMain("--version").exitCode()).isZero();
    CommandRun help = CommandRun.asMain("bundle", "inspect", "--help");
    assertThat(help.exitCode()).isZero();
    assertThat(help.out()).contains("Usage: starlane bundle inspect");
  }
}
