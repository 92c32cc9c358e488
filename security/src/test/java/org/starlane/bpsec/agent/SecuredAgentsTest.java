package org.starlane.bpsec.agent;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.starlane.bp.admin.BundleStatus;
import org.starlane.bp.admin.BundleStatusReport;
import org.starlane.bp.agent.BundleProtocolAgent;
import org.starlane.bp.agent.DeliveryFailureAction;
import org.starlane.bp.agent.StaticRoutingTable;
import org.starlane.bp.agent.TransmitOptions;
import org.starlane.bp.bundle.BlockType;
import org.starlane.bp.bundle.Bundle;
import org.starlane.bp.bundle.BundleCodec;
import org.starlane.bp.bundle.CanonicalBlock;
import org.starlane.bp.bundle.PrimaryBlock;
import org.starlane.bp.bundle.StatusReportReason;
import org.starlane.bp.eid.EndpointId;
import org.starlane.bp.spi.VirtualTimeScheduler;
import org.starlane.bpsec.BundleBlocks;
import org.starlane.bpsec.PolicySecurityProcessor;
import org.starlane.bpsec.SecurityKey;
import org.starlane.bpsec.SecurityOperations;
import org.starlane.bpsec.SecurityPolicy;
import org.starlane.bpsec.SymmetricKeyStore;

/**
 * BPSec end to end through three agents in virtual time, A (ipn:1) - B (ipn:2) - C (ipn:3): A signs
 * (primary block and payload, BIB-HMAC-SHA2) and encrypts the payload (BCB-AES-GCM with a wrapped
 * per-bundle key, which also encrypts the payload's integrity operation, RFC 9172 §3.9); B holds
 * the integrity key only and verifies the primary block's signature in transit without accepting it
 * (RFC 9172 §5.1.2); C holds both keys and accepts everything (RFC 9172 §5.1).
 */
class SecuredAgentsTest {
  static final Duration DELAY = Duration.ofMillis(50);
  static final byte[] SECRET = "the eagle lands at dawn".getBytes(UTF_8);
  static final SecurityKey BIB_KEY =
      new SecurityKey(
          "bib-1",
          HexFormat.of()
              .parseHex("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"));
  static final SecurityKey KEK =
      new SecurityKey("kek-1", HexFormat.of().parseHex("0f0e0d0c0b0a09080706050403020100"));

  final VirtualTimeScheduler time = new VirtualTimeScheduler();

  final class Node {
    final BundleProtocolAgent agent;
    final LoopbackConvergenceLayer cl;
    final List<BundleStatusReport> reports = new ArrayList<>();
    final List<Bundle> delivered = new ArrayList<>();

    Node(long number, StaticRoutingTable routes, Properties policy, SymmetricKeyStore keys) {
      cl = new LoopbackConvergenceLayer(EndpointId.parse("ipn:" + number + ".0"), time);
      agent =
          BundleProtocolAgent.builder(number, time)
              .router(routes)
              .statusReportsEnabled(true)
              .security(
                  new PolicySecurityProcessor(
                      EndpointId.parse("ipn:" + number + ".0"), SecurityPolicy.of(policy), keys))
              .administrativeRecordListener(
                  (bundle, record) -> {
                    if (record instanceof BundleStatusReport r) {
                      reports.add(r);
                    }
                  })
              .build();
    }

    void registerService1() {
      agent.register(
          EndpointId.parse("ipn:" + agent.nodeId().node() + ".1"),
          delivered::add,
          true,
          DeliveryFailureAction.DEFER);
    }
  }

  static Properties props(String... kv) {
    Properties p = new Properties();
    for (int i = 0; i < kv.length; i += 2) {
      p.setProperty(kv[i], kv[i + 1]);
    }
    return p;
  }

  Node a;
  Node b;
  Node c;
  LoopbackConvergenceLayer.Wire ab;
  LoopbackConvergenceLayer.Wire bc;

  void line() {
    a =
        new Node(
            1,
            StaticRoutingTable.of("*", EndpointId.parse("ipn:2.0")),
            props(
                "rule.sign.role", "source",
                "rule.sign.service", "integrity",
                "rule.sign.source", "ipn:1.*",
                "rule.sign.targets", "primary, payload",
                "rule.sign.scope", "3",
                "rule.sign.keys", "bib-1",
                "rule.seal.role", "source",
                "rule.seal.service", "confidentiality",
                "rule.seal.source", "ipn:1.*",
                "rule.seal.targets", "payload",
                "rule.seal.keys", "kek-1",
                "rule.seal.wrap", "true"),
            SymmetricKeyStore.of(BIB_KEY, KEK));
    b =
        new Node(
            2,
            StaticRoutingTable.of(
                "ipn:1.*", EndpointId.parse("ipn:1.0"), "ipn:3.*", EndpointId.parse("ipn:3.0")),
            props(
                "rule.check.role", "verifier",
                "rule.check.service", "integrity",
                "rule.check.source", "ipn:1.*",
                "rule.check.targets", "primary",
                "rule.check.keys", "bib-1"),
            SymmetricKeyStore.of(BIB_KEY));
    c =
        new Node(
            3,
            StaticRoutingTable.of("*", EndpointId.parse("ipn:2.0")),
            props(
                "rule.open.role", "acceptor",
                "rule.open.service", "confidentiality",
                "rule.open.source", "ipn:1.*",
                "rule.open.targets", "payload",
                "rule.open.keys", "kek-1",
                "rule.trust.role", "acceptor",
                "rule.trust.service", "integrity",
                "rule.trust.source", "ipn:1.*",
                "rule.trust.targets", "primary, payload",
                "rule.trust.keys", "bib-1"),
            SymmetricKeyStore.of(BIB_KEY, KEK));
    ab = LoopbackConvergenceLayer.connect(a.cl, b.cl, DELAY);
    bc = LoopbackConvergenceLayer.connect(b.cl, c.cl, DELAY);
    for (Node n : List.of(a, b, c)) {
      n.agent.attach(n.cl);
    }
    c.registerService1();
    time.runUntilIdle();
  }

  void send() {
    a.agent.transmit(
        EndpointId.parse("ipn:1.1"),
        EndpointId.parse("ipn:3.1"),
        SECRET,
        TransmitOptions.DEFAULT.withReports(EndpointId.parse("ipn:1.0"), BundleStatus.DELETED));
    time.runUntilIdle();
  }

  static boolean contains(byte[] haystack, byte[] needle) {
    return HexFormat.of().formatHex(haystack).contains(HexFormat.of().formatHex(needle));
  }

  @Test
  void sourceSignsAndEncryptsRelayVerifiesDestinationAcceptsAndGetsThePlaintext() {
    line();
    send();
    assertThat(c.delivered).hasSize(1);
    Bundle got = c.delivered.get(0);
    assertThat(got.payload()).isEqualTo(ByteBuffer.wrap(SECRET));
    assertThat(got.firstBlockOfType(BlockType.BLOCK_INTEGRITY)).isEmpty();
    assertThat(got.firstBlockOfType(BlockType.BLOCK_CONFIDENTIALITY)).isEmpty();
    // on both wires the payload was ciphertext and the security blocks were there
    for (LoopbackConvergenceLayer.Wire w : List.of(ab, bc)) {
      assertThat(w.sent).hasSize(1);
      byte[] wire = w.sent.get(0);
      assertThat(contains(wire, SECRET)).isFalse();
      Bundle onWire = BundleCodec.DEFAULT.decode(wire);
      assertThat(onWire.firstBlockOfType(BlockType.BLOCK_INTEGRITY)).isPresent();
      assertThat(onWire.firstBlockOfType(BlockType.BLOCK_CONFIDENTIALITY)).isPresent();
    }
    // the relay verified without accepting: it forwarded the BIB unchanged
    Bundle atA = BundleCodec.DEFAULT.decode(ab.sent.get(0));
    Bundle atB = BundleCodec.DEFAULT.decode(bc.sent.get(0));
    for (Bundle x : List.of(atA, atB)) {
      assertThat(x.blocks().stream().filter(k -> k.type() == BlockType.BLOCK_INTEGRITY).count())
          .isEqualTo(2); // primary-block BIB, and the split-off payload BIB (encrypted)
    }
    assertThat(atB.firstBlockOfType(BlockType.BLOCK_CONFIDENTIALITY).get().dataBytes())
        .isEqualTo(atA.firstBlockOfType(BlockType.BLOCK_CONFIDENTIALITY).get().dataBytes());
    assertThat(a.reports).isEmpty();
  }

  @Test
  void theRelayCannotDecryptThePayload() {
    line();
    send();
    Bundle atB = BundleCodec.DEFAULT.decode(ab.sent.get(0));
    SecurityOperations ops = new SecurityOperations();
    BundleBlocks blocks = BundleBlocks.of(atB);
    var bcb = SecurityOperations.confidentialityOf(ops.securityBlocks(blocks), 1);
    // B's only key is the integrity key: as a key-encryption key it unwraps nothing
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> ops.acceptConfidentiality(blocks, bcb, 1, BIB_KEY, false))
        .isInstanceOf(org.starlane.bpsec.BpsecException.class);
  }

  @Test
  void aBundleTamperedBeforeTheRelayIsDroppedByTheVerifyingRelayWithAFailedSecurityReport() {
    line();
    ab.tamper =
        bundle -> {
          PrimaryBlock p = bundle.primary();
          return bundle.withPrimary(
              new PrimaryBlock(
                  p.flags(),
                  p.crcType(),
                  p.destination(),
                  p.source(),
                  p.reportTo(),
                  p.creationTimestamp(),
                  p.lifetimeMillis() + 1,
                  p.fragmentOffset(),
                  p.totalAduLength()));
        };
    send();
    assertThat(c.delivered).isEmpty();
    assertThat(bc.sent).isEmpty();
    assertThat(a.reports).hasSize(1);
    BundleStatusReport r = a.reports.get(0);
    assertThat(r.asserts(BundleStatus.DELETED)).isTrue();
    assertThat(r.reason()).isEqualTo(StatusReportReason.FAILED_SECURITY_OPERATION);
  }

  @Test
  void aTamperingRelayIsCaughtAtTheDestinationAndTheBundleDroppedWithAFailedSecurityReport() {
    line();
    bc.tamper =
        bundle -> {
          CanonicalBlock payload = bundle.payloadBlock();
          byte[] data = payload.dataBytes();
          data[data.length / 2] ^= 0x01;
          return bundle.withBlock(payload.withData(ByteBuffer.wrap(data)));
        };
    send();
    assertThat(c.delivered).isEmpty();
    assertThat(bc.sent).hasSize(1);
    assertThat(a.reports).hasSize(1);
    assertThat(a.reports.get(0).asserts(BundleStatus.DELETED)).isTrue();
    assertThat(a.reports.get(0).reason()).isEqualTo(StatusReportReason.FAILED_SECURITY_OPERATION);
  }

  @Test
  void aBundleThatLostItsSecurityBlocksIsDroppedWithAMissingSecurityReport() {
    line();
    bc.tamper =
        bundle -> {
          // the attacker restores the primary block's CRC first, so the bundle stays valid
          Bundle stripped =
              bundle.withPrimary(
                  bundle.primary().withCrcType(org.starlane.bp.bundle.CrcType.CRC32C));
          for (CanonicalBlock k : bundle.blocks()) {
            if (k.type() == BlockType.BLOCK_INTEGRITY
                || k.type() == BlockType.BLOCK_CONFIDENTIALITY) {
              stripped = stripped.withoutBlock(k.number());
            }
          }
          return stripped;
        };
    send();
    assertThat(c.delivered).isEmpty();
    assertThat(a.reports).hasSize(1);
    assertThat(a.reports.get(0).reason()).isEqualTo(StatusReportReason.MISSING_SECURITY_OPERATION);
  }

  @Test
  void aSecuredBundleFragmentedOnTheWayIsReassembledThenAcceptedAtTheDestination() {
    line();
    ab.maxBundleSizeBytes = java.util.OptionalLong.of(400);
    byte[] big = new byte[1500];
    new java.util.Random(5).nextBytes(big);
    a.agent.transmit(
        EndpointId.parse("ipn:1.1"),
        EndpointId.parse("ipn:3.1"),
        big,
        TransmitOptions.DEFAULT.withReports(EndpointId.parse("ipn:1.0"), BundleStatus.DELETED));
    time.runUntilIdle();
    assertThat(ab.sent.size()).isGreaterThan(1);
    for (byte[] fragment : ab.sent) {
      Bundle f = BundleCodec.DEFAULT.decode(fragment);
      assertThat(f.primary().isFragment()).isTrue();
      // RFC 9172 §3.8: the BCB over the payload is replicated in every fragment
      assertThat(f.firstBlockOfType(BlockType.BLOCK_CONFIDENTIALITY)).isPresent();
    }
    assertThat(a.reports).isEmpty();
    assertThat(c.delivered).hasSize(1);
    assertThat(c.delivered.get(0).payload()).isEqualTo(ByteBuffer.wrap(big));
  }
}
