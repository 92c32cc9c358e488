package org.starlane.bpsec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.starlane.bp.bundle.BlockProcessingFlags;
import org.starlane.bp.bundle.BlockType;
import org.starlane.bp.bundle.CanonicalBlock;
import org.starlane.bp.bundle.CrcType;
import org.starlane.bp.bundle.CreationTimestamp;
import org.starlane.bp.bundle.PrimaryBlock;
import org.starlane.bp.bundle.StatusReportReason;
import org.starlane.bp.eid.EndpointId;
import org.starlane.bpsec.BcbAesGcm.AesVariant;
import org.starlane.bpsec.BibHmacSha2.ShaVariant;
import org.starlane.bpsec.SecurityOperations.ConfidentialityRequest;
import org.starlane.bpsec.SecurityOperations.IntegrityRequest;

/** The processing rules of RFC 9172 §3.2-3.9 and §5.2 that span blocks. */
class SecurityOperationsTest {
  static final EndpointId SRC = EndpointId.parse("ipn:2.1");
  final SecurityOperations ops = new SecurityOperations();
  final SecurityKey key = new SecurityKey("k", new byte[32]);

  static BundleBlocks bundle() {
    PrimaryBlock p =
        PrimaryBlock.of(EndpointId.parse("ipn:1.2"), SRC, new CreationTimestamp(5000, 1), 60_000);
    return new BundleBlocks(
        p,
        List.of(
            new CanonicalBlock(
                192,
                2,
                BlockProcessingFlags.NONE,
                CrcType.CRC32C,
                ByteBuffer.wrap(new byte[] {1, 2, 3})),
            new CanonicalBlock(
                193,
                3,
                BlockProcessingFlags.NONE,
                CrcType.CRC32C,
                ByteBuffer.wrap(new byte[] {4, 5})),
            CanonicalBlock.payload(ByteBuffer.wrap("hello".getBytes()))));
  }

  IntegrityRequest bib(List<Long> targets, int scope) {
    return new IntegrityRequest(
        targets, SRC, ShaVariant.HMAC_256_256, scope, key, null, 0, BlockProcessingFlags.NONE);
  }

  ConfidentialityRequest bcb(List<Long> targets) {
    return new ConfidentialityRequest(
        targets, SRC, AesVariant.A256GCM, 7, key, null, null, 0, BlockProcessingFlags.NONE);
  }

  static void assertReason(Throwable t, StatusReportReason reason) {
    assertThat(t).isInstanceOf(BpsecException.class);
    assertThat(((BpsecException) t).reason()).isEqualTo(reason);
  }

  @Test
  void aBcbNeverTargetsThePrimaryBlock() {
    assertThatThrownBy(() -> ops.addConfidentiality(bundle(), bcb(List.of(0L))))
        .satisfies(t -> assertReason(t, StatusReportReason.CONFLICTING_SECURITY_OPERATION))
        .hasMessageContaining("primary block");
  }

  @Test
  void aReceivedBcbThatTargetsThePrimaryBlockIsAConflict() {
    AbstractSecurityBlock asb =
        AbstractSecurityBlock.of(
            List.of(0L),
            BcbAesGcm.CONTEXT_ID,
            SRC,
            List.of(),
            List.of(List.of(SecurityField.ofBytes(1, new byte[16]))));
    BundleBlocks b =
        bundle()
            .insertSecurityBlock(
                new CanonicalBlock(
                    BlockType.BLOCK_CONFIDENTIALITY,
                    9,
                    BlockProcessingFlags.NONE,
                    CrcType.NONE,
                    ByteBuffer.wrap(asb.encode())));
    assertThatThrownBy(() -> ops.securityBlocks(b))
        .satisfies(t -> assertReason(t, StatusReportReason.CONFLICTING_SECURITY_OPERATION));
  }

  @Test
  void aBibNeverTargetsABib() {
    BundleBlocks b = ops.addIntegrity(bundle(), bib(List.of(1L), 7));
    long bibNumber = ops.securityBlocks(b).get(0).number();
    assertThatThrownBy(() -> ops.addIntegrity(b, bib(List.of(bibNumber), 7)))
        .satisfies(t -> assertReason(t, StatusReportReason.CONFLICTING_SECURITY_OPERATION))
        .hasMessageContaining("security block");
  }

  @Test
  void oneIntegrityOperationPerTarget() {
    BundleBlocks b = ops.addIntegrity(bundle(), bib(List.of(1L, 2L), 7));
    assertThatThrownBy(() -> ops.addIntegrity(b, bib(List.of(2L), 7)))
        .satisfies(t -> assertReason(t, StatusReportReason.CONFLICTING_SECURITY_OPERATION))
        .hasMessageContaining("already has an integrity operation");
  }

  @Test
  void oneConfidentialityOperationPerTarget() {
    BundleBlocks b = ops.addConfidentiality(bundle(), bcb(List.of(2L)));
    assertThatThrownBy(() -> ops.addConfidentiality(b, bcb(List.of(2L))))
        .satisfies(t -> assertReason(t, StatusReportReason.CONFLICTING_SECURITY_OPERATION));
  }

  @Test
  void noBibIsAddedOverAnEncryptedTarget() {
    BundleBlocks b = ops.addConfidentiality(bundle(), bcb(List.of(1L)));
    assertThatThrownBy(() -> ops.addIntegrity(b, bib(List.of(1L), 7)))
        .satisfies(t -> assertReason(t, StatusReportReason.CONFLICTING_SECURITY_OPERATION))
        .hasMessageContaining("already encrypted");
  }

  @Test
  void nothingIsAddedToAFragment() {
    BundleBlocks whole = bundle();
    BundleBlocks fragment = whole.withPrimary(whole.primary().asFragment(0, 100));
    assertThatThrownBy(() -> ops.addIntegrity(fragment, bib(List.of(1L), 7)))
        .hasMessageContaining("fragment");
    assertThatThrownBy(() -> ops.addConfidentiality(fragment, bcb(List.of(1L))))
        .hasMessageContaining("fragment");
  }

  @Test
  void aBcbOverAllTargetsOfABibAlsoEncryptsThatBib() {
    BundleBlocks b = ops.addIntegrity(bundle(), bib(List.of(1L, 2L), 7));
    long bibNumber = ops.securityBlocks(b).get(0).number();
    b = ops.addConfidentiality(b, bcb(List.of(1L, 2L)));
    List<SecurityBlock> visible = ops.securityBlocks(b);
    assertThat(visible).hasSize(1);
    assertThat(visible.get(0).asb().targets()).containsExactly(bibNumber, 1L, 2L);
  }

  @Test
  void aBcbOverSomeTargetsOfABibSplitsTheBibAndEncryptsTheNewOne() {
    BundleBlocks b = ops.addIntegrity(bundle(), bib(List.of(1L, 2L, 3L), 3));
    long original = ops.securityBlocks(b).get(0).number();
    b = ops.addConfidentiality(b, bcb(List.of(1L)));
    List<SecurityBlock> visible = ops.securityBlocks(b);
    SecurityBlock kept = SecurityOperations.integrityOf(visible, 2);
    assertThat(kept.number()).isEqualTo(original);
    assertThat(kept.asb().targets()).containsExactly(2L, 3L);
    SecurityBlock bcb = SecurityOperations.confidentialityOf(visible, 1);
    long split = bcb.asb().targets().get(0);
    assertThat(split).isNotEqualTo(original);
    // the untouched targets still verify; after decryption the moved operation verifies too
    ops.verifyIntegrity(b, kept, 2, key);
    ops.verifyIntegrity(b, kept, 3, key);
    b = ops.acceptConfidentiality(b, bcb, split, key, false);
    b =
        ops.acceptConfidentiality(
            b, SecurityOperations.confidentialityOf(ops.securityBlocks(b), 1), 1, key, false);
    ops.verifyIntegrity(b, SecurityOperations.integrityOf(ops.securityBlocks(b), 1), 1, key);
  }

  @Test
  void aSplitThatWouldBreakTheHmacsIsRefused() {
    BundleBlocks b = ops.addIntegrity(bundle(), bib(List.of(1L, 2L), Canonical.SECURITY_HEADER));
    assertThatThrownBy(() -> ops.addConfidentiality(b, bcb(List.of(1L))))
        .satisfies(t -> assertReason(t, StatusReportReason.CONFLICTING_SECURITY_OPERATION))
        .hasMessageContaining("split");
  }

  @Test
  void theSourceRemovesTheTargetsCrcs() {
    BundleBlocks b = ops.addIntegrity(bundle(), bib(List.of(0L, 2L), 7));
    assertThat(b.primary().crcType()).isEqualTo(CrcType.NONE);
    assertThat(b.block(2).crcType()).isEqualTo(CrcType.NONE);
    assertThat(b.block(3).crcType()).isEqualTo(CrcType.CRC32C);
    assertThat(b.toBundle()).isNotNull(); // a BIB targets the primary: no primary CRC is fine
  }

  @Test
  void discardingATargetRemovesItsOperationsAndEmptiedSecurityBlocks() {
    BundleBlocks b = ops.addIntegrity(bundle(), bib(List.of(2L), 7));
    b = ops.addIntegrity(b, bib(List.of(3L, 1L), 7));
    BundleBlocks d = ops.discardTarget(b, 2);
    assertThat(d.block(2)).isNull();
    assertThat(ops.securityBlocks(d)).hasSize(1);
    assertThat(ops.securityBlocks(d).get(0).asb().targets()).containsExactly(3L, 1L);
  }

  @Test
  void anUnknownContextIsReportedAsUnknown() {
    AbstractSecurityBlock asb =
        AbstractSecurityBlock.of(
            List.of(1L),
            99,
            SRC,
            List.of(),
            List.of(List.of(SecurityField.ofBytes(1, new byte[4]))));
    BundleBlocks b =
        bundle()
            .insertSecurityBlock(
                new CanonicalBlock(
                    BlockType.BLOCK_INTEGRITY,
                    9,
                    BlockProcessingFlags.NONE,
                    CrcType.NONE,
                    ByteBuffer.wrap(asb.encode())));
    SecurityBlock s = ops.securityBlocks(b).get(0);
    assertThatThrownBy(() -> ops.verifyIntegrity(b, s, 1, key))
        .satisfies(t -> assertReason(t, StatusReportReason.UNKNOWN_SECURITY_OPERATION));
  }

  @Test
  void anExplicitEncryptionWithAnEarlierKeyAndIvStillWorksAfterADecryptionInBetween() {
    // the JDK's GCM cipher refuses the key and IV it last encrypted with, even after a decryption
    ConfidentialityRequest fixedIv =
        new ConfidentialityRequest(
            List.of(1L),
            SRC,
            AesVariant.A256GCM,
            7,
            key,
            null,
            new byte[12],
            0,
            BlockProcessingFlags.NONE);
    BundleBlocks once = ops.addConfidentiality(bundle(), fixedIv);
    ops.acceptConfidentiality(once, ops.securityBlocks(once).get(0), 1, key, false);
    assertThat(ops.addConfidentiality(bundle(), fixedIv).block(1).dataBytes())
        .isEqualTo(once.block(1).dataBytes());
  }
}
