package org.starlane.bpsec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.starlane.bp.bundle.BlockProcessingFlags;
import org.starlane.bp.bundle.CanonicalBlock;
import org.starlane.bp.bundle.CrcType;
import org.starlane.bp.bundle.CreationTimestamp;
import org.starlane.bp.bundle.PrimaryBlock;
import org.starlane.bp.bundle.StatusReportReason;
import org.starlane.bp.cbor.CborWriter;
import org.starlane.bp.eid.EndpointId;
import org.starlane.bpsec.BcbAesGcm.AesVariant;
import org.starlane.bpsec.BibHmacSha2.ShaVariant;
import org.starlane.bpsec.SecurityOperations.ConfidentialityRequest;
import org.starlane.bpsec.SecurityOperations.IntegrityRequest;

/**
 * Sign-then-verify and encrypt-then-decrypt round trips for every context variant, scope and key
 * wrap choice (RFC 9173 §3, §4), and tampering: any changed byte of a protected target, and any
 * changed byte of the security block outside the fields RFC 9173 leaves unprotected (the security
 * source and the reserved security context flag bits, §3.2 and §4.2 notes), makes the check fail.
 */
class SecurityContextProperties {
  static final EndpointId SOURCE = EndpointId.parse("ipn:2.1");
  final SecurityOperations ops = new SecurityOperations();
  final SecurityKey key32 = new SecurityKey("k32", new byte[32]);

  record Case(BundleBlocks bundle, int scope, boolean wrap, int variant) {}

  @Provide
  Arbitrary<Case> cases() {
    Arbitrary<byte[]> payloads = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
    Arbitrary<byte[]> extension =
        Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(40);
    Arbitrary<Long> flags = Arbitraries.of(0L, 1L, 2L, 4L, 0x10L, 0x17L);
    return Combinators.combine(
            payloads,
            extension,
            flags,
            Arbitraries.integers().between(0, 7),
            Arbitraries.of(true, false),
            Arbitraries.integers().between(0, 2),
            Arbitraries.longs().between(1, 1_000_000))
        .as(
            (payload, ext, f, scope, wrap, variant, seq) -> {
              PrimaryBlock primary =
                  PrimaryBlock.of(
                      EndpointId.parse("ipn:1.2"),
                      SOURCE,
                      new CreationTimestamp(1000, seq),
                      60_000);
              CanonicalBlock e =
                  new CanonicalBlock(
                      192, 2, BlockProcessingFlags.of(f), CrcType.CRC16_X25, ByteBuffer.wrap(ext));
              CanonicalBlock p =
                  new CanonicalBlock(
                      1, 1, BlockProcessingFlags.NONE, CrcType.CRC32C, ByteBuffer.wrap(payload));
              return new Case(new BundleBlocks(primary, List.of(e, p)), scope, wrap, variant);
            });
  }

  private BundleBlocks sign(Case c, List<Long> targets) {
    ShaVariant v = ShaVariant.values()[c.variant()];
    SecurityKey hmacKey = c.wrap() ? ops.freshKey(v.algorithm().outputBytes()) : key32;
    return ops.addIntegrity(
        c.bundle(),
        new IntegrityRequest(
            targets,
            SOURCE,
            v,
            c.scope(),
            hmacKey,
            c.wrap() ? key32 : null,
            0,
            BlockProcessingFlags.NONE));
  }

  private BundleBlocks encrypt(Case c, List<Long> targets) {
    AesVariant v = c.variant() == 0 ? AesVariant.A128GCM : AesVariant.A256GCM;
    SecurityKey cek =
        c.wrap() ? ops.freshKey(v.keyBytes()) : new SecurityKey("k", new byte[v.keyBytes()]);
    return ops.addConfidentiality(
        c.bundle(),
        new ConfidentialityRequest(
            targets,
            SOURCE,
            v,
            c.scope(),
            cek,
            c.wrap() ? key32 : null,
            null,
            0,
            BlockProcessingFlags.NONE));
  }

  private SecurityKey decryptionKey(Case c) {
    AesVariant v = c.variant() == 0 ? AesVariant.A128GCM : AesVariant.A256GCM;
    return c.wrap() ? key32 : new SecurityKey("k", new byte[v.keyBytes()]);
  }

  private static SecurityBlock only(SecurityOperations ops, BundleBlocks b) {
    List<SecurityBlock> s = ops.securityBlocks(b);
    assertThat(s).hasSize(1);
    return s.get(0);
  }

  /** Where the security source and the flags are in an ASB's encoding: [flagsAt, sourceEnd). */
  private static int[] unprotected(AbstractSecurityBlock asb) {
    ByteBuf out = Unpooled.buffer();
    CborWriter.writeArrayHeader(out, asb.targets().size());
    asb.targets().forEach(t -> CborWriter.writeUnsigned(out, t));
    CborWriter.writeUnsigned(out, asb.contextId());
    int flagsAt = out.writerIndex();
    CborWriter.writeUnsigned(out, asb.flags());
    asb.securitySource().writeTo(out);
    return new int[] {flagsAt, out.writerIndex()};
  }

  /**
   * {@code bundle} with one byte of {@code security}'s data changed, skipping the security source
   * and flags.
   */
  private static BundleBlocks flipProtectedByte(
      BundleBlocks bundle, SecurityBlock security, int position, int xor) {
    byte[] data = security.block().dataBytes();
    int[] skip = unprotected(security.asb());
    int at = position % (data.length - (skip[1] - skip[0]));
    if (at >= skip[0]) {
      at += skip[1] - skip[0];
    }
    data[at] ^= (byte) xor;
    return bundle.replace(security.block().withData(ByteBuffer.wrap(data)));
  }

  @Property(tries = 300)
  void signedBlocksVerifyAndAcceptBackToTheirContent(@ForAll("cases") Case c) {
    BundleBlocks signed = sign(c, List.of(0L, 2L, 1L));
    SecurityBlock bib = only(ops, signed);
    for (long t : List.of(0L, 1L, 2L)) {
      ops.verifyIntegrity(signed, bib, t, key32);
    }
    BundleBlocks b = signed;
    for (long t : List.of(0L, 2L, 1L)) {
      b =
          ops.acceptIntegrity(
              b, SecurityOperations.integrityOf(ops.securityBlocks(b), t), t, key32, true);
    }
    assertThat(ops.securityBlocks(b)).isEmpty();
    // the acceptor is not the destination here: every target gets a CRC back (RFC 9173 §3.8.2)
    assertThat(b.primary().crcType()).isNotEqualTo(CrcType.NONE);
    assertThat(b.primary().withCrcType(CrcType.CRC32C))
        .isEqualTo(c.bundle().primary().withCrcType(CrcType.CRC32C));
    assertThat(b.blocks()).hasSameSizeAs(c.bundle().blocks());
    for (CanonicalBlock x : c.bundle().blocks()) {
      CanonicalBlock y = b.block(x.number());
      assertThat(y.crcType()).isNotEqualTo(CrcType.NONE);
      assertThat(y.withData(x.data())).isNotNull();
      assertThat(new CanonicalBlock(y.type(), y.number(), y.flags(), x.crcType(), y.data()))
          .isEqualTo(x);
    }
  }

  @Property(tries = 300)
  void encryptedBlocksDecryptBackToTheirPlaintext(@ForAll("cases") Case c) {
    BundleBlocks encrypted = encrypt(c, List.of(1L, 2L));
    SecurityBlock bcb = only(ops, encrypted);
    assertThat(bcb.block().flags().replicateInEveryFragment()).isTrue();
    BundleBlocks b = ops.acceptConfidentiality(encrypted, bcb, 1, decryptionKey(c), false);
    b = ops.acceptConfidentiality(b, only(ops, b), 2, decryptionKey(c), false);
    assertThat(ops.securityBlocks(b)).isEmpty();
    assertThat(b.block(1).data()).isEqualTo(c.bundle().block(1).data());
    assertThat(b.block(2).data()).isEqualTo(c.bundle().block(2).data());
  }

  @Property(tries = 300)
  void anyChangedByteOfTheSignedTargetFailsVerification(
      @ForAll("cases") Case c,
      @ForAll @IntRange(min = 0, max = 10_000) int position,
      @ForAll @IntRange(min = 1, max = 255) int xor) {
    BundleBlocks signed = sign(c, List.of(2L));
    CanonicalBlock target = signed.block(2);
    byte[] data = target.dataBytes();
    data[position % data.length] ^= (byte) xor;
    BundleBlocks tampered = signed.replace(target.withData(ByteBuffer.wrap(data)));
    SecurityBlock bib = only(ops, tampered);
    assertThatThrownBy(() -> ops.verifyIntegrity(tampered, bib, 2, key32))
        .isInstanceOfSatisfying(
            BpsecException.class,
            e -> assertThat(e.reason()).isEqualTo(StatusReportReason.FAILED_SECURITY_OPERATION));
  }

  @Property(tries = 500)
  void anyChangedProtectedByteOfTheBibFailsVerification(
      @ForAll("cases") Case c,
      @ForAll @IntRange(min = 0, max = 10_000) int position,
      @ForAll @IntRange(min = 1, max = 255) int xor) {
    BundleBlocks signed = sign(c, List.of(2L));
    BundleBlocks tampered = flipProtectedByte(signed, only(ops, signed), position, xor);
    // Retargeting the BIB to another block whose data equals the signed block's is not a
    // detectable change when the scope leaves the target's header out: the IPPT is the same.
    Assume.that(!retargetedToIdenticalContent(signed, tampered, c.scope()));
    assertThatThrownBy(
            () -> {
              SecurityBlock t = only(ops, tampered);
              ops.verifyIntegrity(tampered, t, t.asb().targets().get(0), key32);
            })
        .isInstanceOf(BpsecException.class);
  }

  private boolean retargetedToIdenticalContent(
      BundleBlocks secured, BundleBlocks tampered, int scope) {
    if ((scope & Canonical.TARGET_HEADER) != 0) {
      return false;
    }
    List<Long> targets;
    try {
      targets = only(ops, tampered).asb().targets();
    } catch (BpsecException | AssertionError e) {
      return false; // the change broke the block itself
    }
    if (targets.size() != 1 || targets.get(0) == 2L) {
      return false;
    }
    CanonicalBlock now = tampered.block(targets.get(0));
    return now != null && now.data().equals(secured.block(2).data());
  }

  @Property(tries = 300)
  void anyChangedByteOfTheCiphertextFailsDecryption(
      @ForAll("cases") Case c,
      @ForAll @IntRange(min = 0, max = 10_000) int position,
      @ForAll @IntRange(min = 1, max = 255) int xor) {
    BundleBlocks encrypted = encrypt(c, List.of(2L));
    CanonicalBlock target = encrypted.block(2);
    byte[] data = target.dataBytes();
    data[position % data.length] ^= (byte) xor;
    BundleBlocks tampered = encrypted.replace(target.withData(ByteBuffer.wrap(data)));
    assertThatThrownBy(
            () ->
                ops.acceptConfidentiality(
                    tampered, only(ops, tampered), 2, decryptionKey(c), false))
        .isInstanceOfSatisfying(
            BpsecException.class,
            e -> assertThat(e.reason()).isEqualTo(StatusReportReason.FAILED_SECURITY_OPERATION));
  }

  @Property(tries = 500)
  void anyChangedProtectedByteOfTheBcbFailsDecryption(
      @ForAll("cases") Case c,
      @ForAll @IntRange(min = 0, max = 10_000) int position,
      @ForAll @IntRange(min = 1, max = 255) int xor) {
    BundleBlocks encrypted = encrypt(c, List.of(2L));
    BundleBlocks tampered = flipProtectedByte(encrypted, only(ops, encrypted), position, xor);
    // as for the BIB: another block holding exactly the ciphertext is a valid target
    Assume.that(!retargetedToIdenticalContent(encrypted, tampered, c.scope()));
    assertThatThrownBy(
            () -> {
              SecurityBlock t = only(ops, tampered);
              ops.acceptConfidentiality(
                  tampered, t, t.asb().targets().get(0), decryptionKey(c), false);
            })
        .isInstanceOf(BpsecException.class);
  }

  @Property(tries = 200)
  void targetHeaderIsProtectedExactlyWhenTheScopeSaysSo(@ForAll("cases") Case c) {
    BundleBlocks signed = sign(c, List.of(2L));
    CanonicalBlock target = signed.block(2);
    CanonicalBlock changed =
        new CanonicalBlock(
            target.type(),
            target.number(),
            BlockProcessingFlags.of(
                target.flags().bits() ^ BlockProcessingFlags.REPORT_IF_UNPROCESSABLE),
            target.crcType(),
            target.data());
    BundleBlocks tampered = signed.replace(changed);
    SecurityBlock bib = only(ops, tampered);
    if ((c.scope() & Canonical.TARGET_HEADER) != 0) {
      assertThatThrownBy(() -> ops.verifyIntegrity(tampered, bib, 2, key32))
          .isInstanceOf(BpsecException.class);
    } else {
      ops.verifyIntegrity(tampered, bib, 2, key32);
    }
  }
}
