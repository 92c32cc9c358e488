package org.starlane.node.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import org.starlane.bpsec.tls.CertificateAuthority;
import org.starlane.bpsec.tls.Pem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code starlane cert ca}: a new self-signed CA (ECDSA P-256) written as {@code ca.crt} and {@code
 * ca.key} (PEM) into a directory.
 *
 * <p>Confined to the thread that runs the command.
 */
@Command(
    name = "ca",
    description = {
      "Create a self-signed certificate authority for a test network:"
          + " DIR/ca.crt (give it to every node as trust anchor) and DIR/ca.key (keep it).",
      "Existing files are never overwritten."
    })
public final class CertCaCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--dir", required = true, paramLabel = "DIR", description = "Output directory.")
  Path dir;

  @Option(
      names = "--name",
      defaultValue = "Starlane test CA",
      paramLabel = "NAME",
      description = "Common name of the CA (default: ${DEFAULT-VALUE}).")
  String name;

  @Option(
      names = "--days",
      defaultValue = "365",
      paramLabel = "DAYS",
      description = "Validity in days from now (default: ${DEFAULT-VALUE}).")
  int days;

  @Override
  public Integer call() {
    if (days < 1) {
      spec.commandLine().getErr().println("--days must be at least 1, not " + days);
      return StarlaneCommand.EXIT_USAGE_OR_IO;
    }
    Instant now = StarlaneCommand.of(spec).clock().instant();
    CertificateAuthority ca =
        CertificateAuthority.create(
            name, now.minus(Duration.ofMinutes(5)), now.plus(Duration.ofDays(days)));
    try {
      CertCommand.writeNew(dir.resolve("ca.key"), Pem.privateKey(ca.privateKey()), true);
      CertCommand.writeNew(
          dir.resolve("ca.crt"), Pem.certificates(List.of(ca.certificate())), false);
    } catch (FileAccess.Failure e) {
      spec.commandLine().getErr().println(e.getMessage());
      return StarlaneCommand.EXIT_USAGE_OR_IO;
    }
    spec.commandLine()
        .getOut()
        .println("wrote " + dir.resolve("ca.crt") + " and " + dir.resolve("ca.key"));
    return StarlaneCommand.EXIT_OK;
  }
}
