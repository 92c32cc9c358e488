package org.starlane.node.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code starlane bundle}: the commands that make and read BPv7 bundles (RFC 9171 §4). */
@Command(
    name = "bundle",
    description = "Create and inspect BPv7 bundles (RFC 9171).",
    synopsisSubcommandLabel = "COMMAND",
    subcommands = {BundleCreateCommand.class, BundleInspectCommand.class})
public final class BundleCommand implements Runnable {
  @Spec CommandSpec spec;

  /** {@code starlane bundle} without a command is a usage error. */
  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing required command");
  }
}
