package org.starlane.node.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import org.starlane.bp.bundle.Bundle;
import org.starlane.bp.bundle.BundleCodec;
import org.starlane.bp.bundle.BundleFormatException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code starlane bundle inspect}: decodes one bundle with {@link BundleCodec} (every rule of RFC
 * 9171 §4 checked, CRCs included) and prints it as text ({@link BundleText}) or JSON ({@link
 * BundleJson}). A bundle that fails to decode gives exit code {@value
 * StarlaneCommand#EXIT_BUNDLE_FORMAT} and the codec's message (block, field, byte offset) on the
 * error stream.
 */
@Command(
    name = "inspect",
    description = {
      "Decode and validate a BPv7 bundle (RFC 9171) and print it.",
      "Reads the binary bundle from FILE, from standard input when FILE is - or absent, or from"
          + " --hex. Prints the primary block and every canonical block (extension blocks with"
          + " their decoded value) as text, or as JSON with --json. An invalid bundle prints the"
          + " problem (block, field, byte offset) on standard error and exits with code 2."
    })
public final class BundleInspectCommand implements Callable<Integer> {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "FILE",
      description = "The bundle file (binary CBOR). - or none reads standard input.")
  String file;

  @Option(
      names = "--hex",
      paramLabel = "HEX",
      description =
          "The bundle as hex digits instead of a file; whitespace is ignored. - reads the hex"
              + " digits from standard input.")
  String hex;

  @Option(names = "--json", description = "Print JSON instead of text.")
  boolean json;

  @Override
  public Integer call() {
    if (file != null && hex != null) {
      throw new ParameterException(spec.commandLine(), "Give either FILE or --hex, not both");
    }
    StarlaneCommand root = StarlaneCommand.of(spec);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    byte[] bytes;
    try {
      if (hex == null) {
        bytes = FileAccess.readAll(file == null ? FileAccess.STANDARD_STREAM : file, root.stdin());
      } else {
        String digits =
            FileAccess.STANDARD_STREAM.equals(hex)
                ? new String(
                    FileAccess.readAll(FileAccess.STANDARD_STREAM, root.stdin()),
                    StandardCharsets.UTF_8)
                : hex;
        try {
          bytes = Hex.decode(digits);
        } catch (IllegalArgumentException e) {
          err.println("Malformed hex: " + e.getMessage());
          err.flush();
          return StarlaneCommand.EXIT_USAGE_OR_IO;
        }
      }
    } catch (FileAccess.Failure e) {
      err.println(e.getMessage());
      err.flush();
      return StarlaneCommand.EXIT_USAGE_OR_IO;
    }

    Bundle bundle;
    try {
      bundle = BundleCodec.DEFAULT.decode(bytes);
    } catch (BundleFormatException e) {
      err.println("Invalid bundle: " + e.getMessage());
      err.flush();
      return StarlaneCommand.EXIT_BUNDLE_FORMAT;
    }
    if (json) {
      try {
        out.println(JSON.writeValueAsString(BundleJson.of(bundle, bytes.length)));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("a tree of plain JSON nodes always serializes", e);
      }
    } else {
      out.print(BundleText.of(bundle, bytes.length));
    }
    out.flush();
    return StarlaneCommand.EXIT_OK;
  }
}
