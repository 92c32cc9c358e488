package org.starlane.bpsec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.starlane.bp.bundle.BlockProcessingFlags;
import org.starlane.bp.bundle.BlockType;
import org.starlane.bp.bundle.Bundle;
import org.starlane.bp.bundle.CanonicalBlock;
import org.starlane.bp.bundle.CrcType;
import org.starlane.bp.bundle.CreationTimestamp;
import org.starlane.bp.bundle.PrimaryBlock;
import org.starlane.bp.bundle.StatusReportReason;
import org.starlane.bp.eid.EndpointId;
import org.starlane.bp.spi.SecurityOutcome;

/** The processor's policy decisions on single bundles (RFC 9172 §5, §7). */
class PolicySecurityProcessorTest {
  static final EndpointId A = EndpointId.parse("ipn:1.0");
  static final EndpointId C = EndpointId.parse("ipn:3.0");
  static final SecurityKey OLD = new SecurityKey("k-old", new byte[32]);
  static final SecurityKey NEW = new SecurityKey("k-new", filled(32, 7));

  static byte[] filled(int n, int v) {
    byte[] b = new byte[n];
    java.util.Arrays.fill(b, (byte) v);
    return b;
  }

  static Properties props(String... kv) {
    Properties p = new Properties();
    for (int i = 0; i < kv.length; i += 2) {
      p.setProperty(kv[i], kv[i + 1]);
    }
    return p;
  }

  static Bundle bundle() {
    PrimaryBlock p =
        PrimaryBlock.of(
            EndpointId.parse("ipn:3.1"),
            EndpointId.parse("ipn:1.1"),
            new CreationTimestamp(1000, 1),
            60_000);
    return Bundle.of(
        p,
        List.of(
            new CanonicalBlock(
                192,
                2,
                BlockProcessingFlags.NONE,
                CrcType.CRC32C,
                ByteBuffer.wrap(new byte[] {9, 9})),
            CanonicalBlock.payload(ByteBuffer.wrap("data".getBytes()))));
  }

  static PolicySecurityProcessor signer(String key) {
    return new PolicySecurityProcessor(
        A,
        SecurityPolicy.of(
            props(
                "rule.s.role",
                "source",
                "rule.s.service",
                "integrity",
                "rule.s.targets",
                "payload, 192",
                "rule.s.keys",
                key)),
        SymmetricKeyStore.of(OLD, NEW));
  }

  static PolicySecurityProcessor acceptor(String keys, String onFailure) {
    return new PolicySecurityProcessor(
        C,
        SecurityPolicy.of(
            props(
                "rule.a.role",
                "acceptor",
                "rule.a.service",
                "integrity",
                "rule.a.targets",
                "payload, 192",
                "rule.a.keys",
                keys,
                "rule.a.on-failure",
                onFailure)),
        SymmetricKeyStore.of(OLD, NEW));
  }

  static Bundle continued(SecurityOutcome o) {
    assertThat(o).isInstanceOf(SecurityOutcome.Continue.class);
    return ((SecurityOutcome.Continue) o).bundle();
  }

  @Test
  void anAcceptorTriesEveryKeyOfItsRuleSoKeysCanRotate() {
    Bundle signedWithOld = continued(signer("k-old").beforeForwarding(bundle()));
    Bundle accepted =
        continued(acceptor("k-new, k-old", "delete-bundle").atLocalDelivery(signedWithOld));
    assertThat(accepted.firstBlockOfType(BlockType.BLOCK_INTEGRITY)).isEmpty();
    assertThat(accepted.payload()).isEqualTo(bundle().payload());
  }

  @Test
  void aRetiredKeyNoLongerVerifies() {
    Bundle signedWithOld = continued(signer("k-old").beforeForwarding(bundle()));
    SecurityOutcome o = acceptor("k-new", "delete-bundle").atLocalDelivery(signedWithOld);
    assertThat(o)
        .isEqualTo(new SecurityOutcome.Delete(StatusReportReason.FAILED_SECURITY_OPERATION));
  }

  @Test
  void aFailedExtensionBlockIsDiscardedWhenPolicySaysDeleteTarget() {
    Bundle signed = continued(signer("k-old").beforeForwarding(bundle()));
    CanonicalBlock ext = signed.block(2).orElseThrow();
    Bundle tampered = signed.withBlock(ext.withData(ByteBuffer.wrap(new byte[] {9, 8})));
    Bundle kept = continued(acceptor("k-old", "delete-target").atLocalDelivery(tampered));
    assertThat(kept.block(2)).isEmpty();
    assertThat(kept.payload()).isEqualTo(bundle().payload());
    assertThat(kept.firstBlockOfType(BlockType.BLOCK_INTEGRITY)).isEmpty();
  }

  @Test
  void aFailedPayloadAlwaysDeletesTheBundle() {
    Bundle signed = continued(signer("k-old").beforeForwarding(bundle()));
    Bundle tampered =
        signed.withBlock(signed.payloadBlock().withData(ByteBuffer.wrap("DATA".getBytes())));
    assertThat(acceptor("k-old", "delete-target").atLocalDelivery(tampered))
        .isEqualTo(new SecurityOutcome.Delete(StatusReportReason.FAILED_SECURITY_OPERATION));
  }

  @Test
  void aFragmentIsNeitherSecuredNorChecked() {
    Bundle whole = bundle();
    Bundle fragment = whole.withPrimary(whole.primary().asFragment(0, 100));
    assertThat(continued(signer("k-old").beforeForwarding(fragment))).isSameAs(fragment);
    PolicySecurityProcessor relayAcceptor =
        new PolicySecurityProcessor(
            EndpointId.parse("ipn:2.0"),
            SecurityPolicy.of(
                props(
                    "rule.a.role",
                    "acceptor",
                    "rule.a.service",
                    "integrity",
                    "rule.a.targets",
                    "payload",
                    "rule.a.keys",
                    "k-old")),
            SymmetricKeyStore.of(OLD));
    assertThat(continued(relayAcceptor.atReception(fragment))).isSameAs(fragment);
  }

  @Test
  void anEncryptedPayloadThatNoRuleDecryptsCannotBeDeliveredHere() {
    PolicySecurityProcessor sealer =
        new PolicySecurityProcessor(
            A,
            SecurityPolicy.of(
                props(
                    "rule.s.role",
                    "source",
                    "rule.s.service",
                    "confidentiality",
                    "rule.s.targets",
                    "payload",
                    "rule.s.keys",
                    "k-old")),
            SymmetricKeyStore.of(OLD));
    Bundle sealed = continued(sealer.beforeForwarding(bundle()));
    PolicySecurityProcessor none =
        new PolicySecurityProcessor(C, SecurityPolicy.NONE, SymmetricKeyStore.of());
    assertThat(none.atLocalDelivery(sealed))
        .isEqualTo(new SecurityOutcome.Delete(StatusReportReason.UNEXPECTED_SECURITY_OPERATION));
    // in transit, the same node forwards it untouched
    assertThat(continued(none.atReception(sealed.withPrimary(sealed.primary())))).isNotNull();
  }

  @Test
  void aConfidentialityVerifierInTransitChecksABcbThatAlsoEncryptsTheBibOfItsTarget() {
    // RFC 9172 §3.9: the source's BCB over the payload also encrypts the BIB over the payload; a
    // verifier (RFC 9172 §5.1.1) decrypts both to check them and keeps the ciphertext, so the BIB
    // is still encrypted when the payload's tag is checked
    PolicySecurityProcessor source =
        new PolicySecurityProcessor(
            A,
            SecurityPolicy.of(
                props(
                    "rule.i.role", "source",
                    "rule.i.service", "integrity",
                    "rule.i.targets", "payload",
                    "rule.i.keys", "k-old",
                    "rule.s.role", "source",
                    "rule.s.service", "confidentiality",
                    "rule.s.targets", "payload",
                    "rule.s.keys", "k-new")),
            SymmetricKeyStore.of(OLD, NEW));
    Bundle sealed = continued(source.beforeForwarding(bundle()));
    assertThat(sealed.blocks().stream().map(CanonicalBlock::type))
        .contains(BlockType.BLOCK_INTEGRITY, BlockType.BLOCK_CONFIDENTIALITY);
    PolicySecurityProcessor relay =
        new PolicySecurityProcessor(
            EndpointId.parse("ipn:2.0"),
            SecurityPolicy.of(
                props(
                    "rule.v.role", "verifier",
                    "rule.v.service", "confidentiality",
                    "rule.v.targets", "payload",
                    "rule.v.keys", "k-new")),
            SymmetricKeyStore.of(NEW));
    assertThat(continued(relay.atReception(sealed))).isEqualTo(sealed);
  }

  @Test
  void aMissingKeyAtTheSourceDeletesWithFailedSecurityOperation() {
    assertThat(signer("no-such-key").beforeForwarding(bundle()))
        .isEqualTo(new SecurityOutcome.Delete(StatusReportReason.FAILED_SECURITY_OPERATION));
  }
}
