package org.starlane.node.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code starlane cert}: makes a certificate authority and node certificates for a test network of
 * TCPCL nodes (RFC 9174 §4.4.2: the node ID in a subjectAltName otherName of form {@code
 * id-on-bundleEID}).
 *
 * <p>Confined to the thread that runs the command.
 */
@Command(
    name = "cert",
    description = "Make a CA and TCPCL node certificates (RFC 9174 §4.4) for a test network.",
    synopsisSubcommandLabel = "COMMAND",
    subcommands = {CertCaCommand.class, CertNodeCommand.class})
public final class CertCommand implements Runnable {
  @Spec CommandSpec spec;

  /** {@code starlane cert} without a command is a usage error. */
  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing required command");
  }

  /** Writes {@code text} to a new file (never overwrites); owner-only permissions if secret. */
  static void writeNew(Path file, String text, boolean secret) throws FileAccess.Failure {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(file, text, StandardCharsets.US_ASCII, StandardOpenOption.CREATE_NEW);
      if (secret && Files.getFileStore(file).supportsFileAttributeView("posix")) {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      }
    } catch (FileAlreadyExistsException e) {
      throw new FileAccess.Failure(file + " exists already; not overwriting it", e);
    } catch (IOException e) {
      throw new FileAccess.Failure("cannot write " + file + ": " + FileAccess.describe(e), e);
    }
  }

  /** The text of {@code file}. */
  static String read(Path file) throws FileAccess.Failure {
    try {
      return Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new FileAccess.Failure("cannot read " + file + ": " + FileAccess.describe(e), e);
    }
  }
}
