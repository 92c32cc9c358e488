package org.starlane.node.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import picocli.CommandLine;

/**
 * One in-process run of the {@code starlane} command line, as the tests see it: exit code, text
 * written to out and err, and binary bytes written to standard output ({@code --out -}).
 */
record CommandRun(int exitCode, String out, String err, byte[] stdout) {
  /** The clock every run uses: 2025-06-01T12:00:00Z, DTN time {@link #NOW_DTN_MILLIS}. */
  static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

  static final long NOW_DTN_MILLIS = NOW.toEpochMilli() - 946_684_800_000L;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Runs {@code args} on {@code new CommandLine(new StarlaneCommand(...))}, stdin empty. */
  static CommandRun of(String... args) {
    return withStdin(new byte[0], args);
  }

  /** Runs {@code args} with {@code stdin} as standard input. */
  static CommandRun withStdin(byte[] stdin, String... args) {
    return run(false, stdin, args);
  }

  /** Runs {@code args} on {@link StarlaneCommand#commandLine}, the command line of {@code main}. */
  static CommandRun asMain(String... args) {
    return run(true, new byte[0], args);
  }

  private static CommandRun run(boolean asMain, byte[] stdin, String... args) {
    ByteArrayOutputStream binary = new ByteArrayOutputStream();
    StarlaneCommand command =
        new StarlaneCommand(
            new ByteArrayInputStream(stdin), binary, Clock.fixed(NOW, ZoneOffset.UTC));
    CommandLine cli = asMain ? StarlaneCommand.commandLine(command) : new CommandLine(command);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exitCode = cli.execute(args);
    return new CommandRun(exitCode, out.toString(), err.toString(), binary.toByteArray());
  }

  /** The out text parsed as JSON. */
  JsonNode json() {
    try {
      return JSON.readTree(out);
    } catch (JsonProcessingException e) {
      throw new AssertionError("out is not JSON: " + out, e);
    }
  }

  /** The out text without its line end: the hex a {@code create --hex} printed. */
  String hex() {
    return out.strip();
  }

  /** The bytes of a {@code create --hex} run. */
  byte[] hexBytes() {
    return java.util.HexFormat.of().parseHex(hex());
  }
}
