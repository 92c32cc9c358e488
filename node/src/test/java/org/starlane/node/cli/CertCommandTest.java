package org.starlane.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.starlane.bp.eid.EndpointId;
import org.starlane.bpsec.tls.CertificateIdentities;
import org.starlane.bpsec.tls.Pem;

/** {@code starlane cert ca} and {@code starlane cert node}. */
class CertCommandTest {

  @Test
  void makesACaAndANodeCertificateCarryingTheNodeIdSignedByIt(@TempDir Path dir) throws Exception {
    Path ca = dir.resolve("ca");
    CommandRun r = CommandRun.of("cert", "ca", "--dir", ca.toString(), "--days", "10");
    assertThat(r.exitCode()).as(r.err()).isZero();
    X509Certificate caCert = Pem.readCertificates(Files.readString(ca.resolve("ca.crt"))).get(0);
    assertThat(caCert.getBasicConstraints()).isGreaterThanOrEqualTo(0);
    assertThat(caCert.getNotAfter().toInstant()).isEqualTo(CommandRun.NOW.plusSeconds(10 * 86400));
    assertThat(Files.getPosixFilePermissions(ca.resolve("ca.key")))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    Path nodes = dir.resolve("nodes");
    r =
        CommandRun.of(
            "cert",
            "node",
            "--ca-dir",
            ca.toString(),
            "--node-id",
            "ipn:2.0",
            "--dns",
            "node2.example",
            "--ip",
            "127.0.0.1",
            "--out",
            nodes.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("ipn-2.0.crt");
    X509Certificate node =
        Pem.readCertificates(Files.readString(nodes.resolve("ipn-2.0.crt"))).get(0);
    node.verify(caCert.getPublicKey());
    node.checkValidity(Date.from(CommandRun.NOW));
    CertificateIdentities ids = CertificateIdentities.of(node);
    assertThat(ids.nodeIds()).containsExactly(EndpointId.ipn(2, 0));
    assertThat(ids.dnsNames()).containsExactly("node2.example");
    assertThat(ids.ipAddresses()).containsExactly(InetAddress.getByName("127.0.0.1"));
    assertThat(Pem.readPrivateKey(Files.readString(nodes.resolve("ipn-2.0.key")))).isNotNull();
  }

  @Test
  void refusesToOverwriteAndRefusesEndpointsThatAreNotNodeIds(@TempDir Path dir) throws Exception {
    assertThat(CommandRun.of("cert", "ca", "--dir", dir.toString()).exitCode()).isZero();
    byte[] before = Files.readAllBytes(dir.resolve("ca.key"));
    CommandRun again = CommandRun.of("cert", "ca", "--dir", dir.toString());
    assertThat(again.exitCode()).isEqualTo(StarlaneCommand.EXIT_USAGE_OR_IO);
    assertThat(again.err()).contains("exists already");
    assertThat(Files.readAllBytes(dir.resolve("ca.key"))).isEqualTo(before);

    CommandRun notNode =
        CommandRun.of(
            "cert",
            "node",
            "--ca-dir",
            dir.toString(),
            "--node-id",
            "ipn:2.1",
            "--out",
            dir.toString());
    assertThat(notNode.exitCode()).isEqualTo(StarlaneCommand.EXIT_USAGE_OR_IO);
    assertThat(notNode.err()).contains("not a node ID");

    CommandRun badIp =
        CommandRun.of(
            "cert",
            "node",
            "--ca-dir",
            dir.toString(),
            "--node-id",
            "ipn:2.0",
            "--ip",
            "example.org",
            "--out",
            dir.toString());
    assertThat(badIp.exitCode()).isEqualTo(StarlaneCommand.EXIT_USAGE_OR_IO);
    assertThat(badIp.err()).contains("not an IP address");

    CommandRun noCa =
        CommandRun.of(
            "cert",
            "node",
            "--ca-dir",
            dir.resolve("missing").toString(),
            "--node-id",
            "ipn:2.0",
            "--out",
            dir.toString());
    assertThat(noCa.exitCode()).isEqualTo(StarlaneCommand.EXIT_USAGE_OR_IO);
    assertThat(List.of(noCa.err())).allMatch(e -> e.contains("cannot read"));
  }
}
