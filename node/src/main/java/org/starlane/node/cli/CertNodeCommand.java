package org.starlane.node.cli;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.starlane.bp.eid.EndpointId;
import org.starlane.bpsec.tls.CertificateAuthority;
import org.starlane.bpsec.tls.NodeCertificateRequest;
import org.starlane.bpsec.tls.NodeCredentials;
import org.starlane.bpsec.tls.Pem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code starlane cert node}: a key pair and a certificate for one node, issued by a CA made with
 * {@code starlane cert ca}, carrying the node ID as otherName {@code id-on-bundleEID} (RFC 9174
 * §4.4.1, §4.4.2) and optional DNS names and IP addresses.
 *
 * <p>Confined to the thread that runs the command.
 */
@Command(
    name = "node",
    description = {
      "Issue a TCPCL node certificate from a CA made by 'starlane cert ca':"
          + " OUT/NAME.crt and OUT/NAME.key (PEM).",
      "The node ID goes into the subjectAltName as otherName id-on-bundleEID (RFC 9174 §4.4.2)."
    })
public final class CertNodeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--ca-dir",
      required = true,
      paramLabel = "DIR",
      description = "Directory holding ca.crt and ca.key.")
  Path caDir;

  @Option(
      names = "--node-id",
      required = true,
      paramLabel = "EID",
      converter = EndpointIdConverter.class,
      description = "The node ID, for example ipn:2.0 or dtn://relay/.")
  EndpointId nodeId;

  @Option(names = "--dns", paramLabel = "NAME", description = "A DNS name (repeatable).")
  List<String> dnsNames = new ArrayList<>();

  @Option(names = "--ip", paramLabel = "ADDRESS", description = "An IP address (repeatable).")
  List<String> ipAddresses = new ArrayList<>();

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
  Path out;

  @Option(
      names = "--name",
      paramLabel = "NAME",
      description = "File name stem (default: the node ID with other than [A-Za-z0-9.] as '-').")
  String name;

  @Option(
      names = "--days",
      defaultValue = "90",
      paramLabel = "DAYS",
      description = "Validity in days from now (default: ${DEFAULT-VALUE}).")
  int days;

  @Override
  public Integer call() {
    var err = spec.commandLine().getErr();
    if (!nodeId.isNodeId()) {
      err.println(nodeId + " is not a node ID (ipn:N.0, or dtn://node/ with no demux)");
      return StarlaneCommand.EXIT_USAGE_OR_IO;
    }
    if (days < 1) {
      err.println("--days must be at least 1, not " + days);
      return StarlaneCommand.EXIT_USAGE_OR_IO;
    }
    List<InetAddress> ips = new ArrayList<>();
    for (String ip : ipAddresses) {
      if (!ip.matches("[0-9.]+|[0-9A-Fa-f:.]+")) {
        err.println("--ip " + ip + " is not an IP address");
        return StarlaneCommand.EXIT_USAGE_OR_IO;
      }
      try {
        ips.add(InetAddress.getByName(ip)); // a literal: no lookup
      } catch (UnknownHostException e) {
        err.println("--ip " + ip + " is not an IP address");
        return StarlaneCommand.EXIT_USAGE_OR_IO;
      }
    }
    String stem = name != null ? name : nodeId.toString().replaceAll("[^A-Za-z0-9.]+", "-");
    try {
      CertificateAuthority ca;
      try {
        ca =
            CertificateAuthority.of(
                Pem.readPrivateKey(CertCommand.read(caDir.resolve("ca.key"))),
                Pem.readCertificates(CertCommand.read(caDir.resolve("ca.crt"))).get(0));
      } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
        err.println("no CA in " + caDir + ": " + e.getMessage());
        return StarlaneCommand.EXIT_USAGE_OR_IO;
      }
      Instant now = StarlaneCommand.of(spec).clock().instant();
      NodeCredentials credentials =
          ca.issue(
              new NodeCertificateRequest(
                  Optional.of(nodeId),
                  dnsNames,
                  ips,
                  now.minus(Duration.ofMinutes(5)),
                  now.plus(Duration.ofDays(days))));
      CertCommand.writeNew(
          out.resolve(stem + ".key"), Pem.privateKey(credentials.privateKey()), true);
      CertCommand.writeNew(
          out.resolve(stem + ".crt"), Pem.certificates(credentials.chain()), false);
    } catch (FileAccess.Failure e) {
      err.println(e.getMessage());
      return StarlaneCommand.EXIT_USAGE_OR_IO;
    }
    spec.commandLine()
        .getOut()
        .println("wrote " + out.resolve(stem + ".crt") + " and " + out.resolve(stem + ".key"));
    return StarlaneCommand.EXIT_OK;
  }
}
