package org.starlane.bpsec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.starlane.bpsec.RawBundles.hex;

import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.starlane.bp.bundle.BlockProcessingFlags;
import org.starlane.bp.bundle.StatusReportReason;
import org.starlane.bp.cbor.CborLimits;
import org.starlane.bp.eid.EndpointId;
import org.starlane.bpsec.BcbAesGcm.AesVariant;
import org.starlane.bpsec.BibHmacSha2.ShaVariant;
import org.starlane.bpsec.SecurityOperations.ConfidentialityRequest;
import org.starlane.bpsec.SecurityOperations.IntegrityRequest;

/**
 * The four examples of RFC 9173 Appendix A, byte for byte: each is built from its original bundle,
 * keys and IVs (security source), and each final bundle is verified, decrypted and accepted back to
 * the original (security acceptor).
 */
class Rfc9173AppendixATest {
  static final String PRIMARY = "88070000820282010282028202018202820201820018281a000f4240";
  static final String PAYLOAD_DATA =
      "526561647920746f2067656e657261746520612033322d62797465207061796c6f6164";
  static final String ORIGINAL =
      "9f" + PRIMARY + "850101000058 23".replace(" ", "") + PAYLOAD_DATA + "ff";
  static final SecurityKey HMAC_KEY =
      new SecurityKey("hmac", hex("1a2b1a2b1a2b1a2b1a2b1a2b1a2b1a2b"));
  static final SecurityKey CEK_128 =
      new SecurityKey("cek", hex("71776572747975696f70617364666768"));
  static final SecurityKey CEK_256 =
      new SecurityKey(
          "cek", hex("71776572747975696f7061736466676871776572747975696f70617364666768"));
  static final SecurityKey KEK = new SecurityKey("kek", hex("6162636465666768696a6b6c6d6e6f70"));
  static final byte[] IV = hex("5477656c7665313231323132");
  static final EndpointId IPN_2_1 = EndpointId.parse("ipn:2.1");
  static final EndpointId IPN_3_0 = EndpointId.parse("ipn:3.0");

  final SecurityOperations ops = new SecurityOperations();

  static final String EXAMPLE_1_FINAL =
      """
      9f88070000820282010282028202018202820201820018281a000f4240850b0200
      005856810101018202820201828201078203008181820158403bdc69b3a34a2b5d3a
      8554368bd1e808f606219d2a10a846eae3886ae4ecc83c4ee550fdfb1cc636b904e2
      f1a73e303dcd4b6ccece003e95e8164dcc89a156e185010100005823526561647920
      746f2067656e657261746520612033322d62797465207061796c6f6164ff""";

  static final String EXAMPLE_2_FINAL =
      """
      9f88070000820282010282028202018202820201820018281a000f4240850c0201
      0058508101020182028202018482014c5477656c7665313231323132820201820358
      1869c411276fecddc4780df42c8a2af89296fabf34d7fae7008204008181820150ef
      a4b5ac0108e3816c5606479801bc04850101000058233a09c1e63fe23a7f66a59c73
      03837241e070b02619fc59c5214a22f08cd70795e73e9aff""";

  static final String EXAMPLE_3_ORIGINAL =
      """
      9f88070000820282010282028202018202820201820018281a000f424085070200
      004319012c85010100005823526561647920746f2067656e65726174652061203332
      2d62797465207061796c6f6164ff""";

  static final String EXAMPLE_3_FINAL =
      """
      9f88070000820282010282028202018202820201820018281a000f4240850b0300
      00585c8200020101820282030082820105820300828182015820cac6ce8e4c5dae57
      988b757e49a6dd1431dc04763541b2845098265bc817241b81820158203ed614c0d9
      7f49b3633627779aa18a338d212bf3c92b97759d9739cd50725596850c0401005834
      8101020182028202018382014c5477656c7665313231323132820201820400818182
      0150efa4b5ac0108e3816c5606479801bc0485070200004319012c85010100005823
      3a09c1e63fe23a7f66a59c7303837241e070b02619fc59c5214a22f08cd70795e73e
      9aff""";

  static final String EXAMPLE_4_FINAL =
      """
      9f88070000820282010282028202018202820201820018281a000f4240850b0300
      005846438ed6208eb1c1ffb94d952175167df0902902064a2983910c4fb2340790bf
      420a7d1921d5bf7c4721e02ab87a93ab1e0b75cf62e4948727c8b5dae46ed2af0543
      9b88029191850c0201005849820301020182028202018382014c5477656c76653132
      313231328202038204078281820150220ffc45c8a901999ecc60991dd78b29818201
      50d2c51cb2481792dae8b21d848cede99b8501010000582390eab6457593379298a8
      724e16e61f837488e127212b59ac91f8a86287b7d07630a122ff""";

  static BundleBlocks original() {
    return RawBundles.parse(hex(ORIGINAL));
  }

  IntegrityRequest example1Bib() {
    return new IntegrityRequest(
        List.of(1L),
        IPN_2_1,
        ShaVariant.HMAC_512_512,
        0,
        HMAC_KEY,
        null,
        2,
        BlockProcessingFlags.NONE);
  }

  @Test
  void example1IpptIsTheScopeFlagsAndThePayloadByteString() {
    assertThat(hex(BibHmacSha2.ippt(original(), 1, 0, 2, BlockProcessingFlags.NONE)))
        .isEqualTo("005823" + PAYLOAD_DATA);
  }

  @Test
  void example1SimpleIntegrityIsReproducedByteForByte() {
    BundleBlocks signed = ops.addIntegrity(original(), example1Bib());
    assertThat(hex(signed.encode())).isEqualTo(hex(hex(EXAMPLE_1_FINAL)));
    assertThat(hex(signed.block(2).dataBytes()))
        .isEqualTo(
            "810101018202820201828201078203008181820158403bdc69b3a34a2b5d3a8554"
                + "368bd1e808f606219d2a10a846eae3886ae4ecc83c4ee550fdfb1cc636b904e2f1a7"
                + "3e303dcd4b6ccece003e95e8164dcc89a156e1");
  }

  @Test
  void example1FinalBundleVerifiesAndIsAcceptedBackToTheOriginal() {
    BundleBlocks received = RawBundles.parse(hex(EXAMPLE_1_FINAL));
    List<SecurityBlock> blocks = ops.securityBlocks(received);
    assertThat(blocks).hasSize(1);
    SecurityBlock bib = blocks.get(0);
    assertThat(bib.asb().targets()).containsExactly(1L);
    ops.verifyIntegrity(received, bib, 1, HMAC_KEY);
    BundleBlocks accepted = ops.acceptIntegrity(received, bib, 1, HMAC_KEY, false);
    assertThat(hex(accepted.encode())).isEqualTo(hex(hex(ORIGINAL)));
  }

  @Test
  void example1WithAnotherKeyFailsVerification() {
    BundleBlocks received = RawBundles.parse(hex(EXAMPLE_1_FINAL));
    SecurityBlock bib = ops.securityBlocks(received).get(0);
    SecurityKey wrong = new SecurityKey("wrong", hex("1a2b1a2b1a2b1a2b1a2b1a2b1a2b1a2c"));
    assertThatThrownBy(() -> ops.verifyIntegrity(received, bib, 1, wrong))
        .isInstanceOfSatisfying(
            BpsecException.class,
            e -> assertThat(e.reason()).isEqualTo(StatusReportReason.FAILED_SECURITY_OPERATION));
  }

  @Test
  void example2SimpleConfidentialityWithKeyWrapIsReproducedByteForByte() {
    BundleBlocks encrypted =
        ops.addConfidentiality(
            original(),
            new ConfidentialityRequest(
                List.of(1L),
                IPN_2_1,
                AesVariant.A128GCM,
                0,
                CEK_128,
                KEK,
                IV,
                2,
                BlockProcessingFlags.NONE));
    assertThat(hex(encrypted.encode())).isEqualTo(hex(hex(EXAMPLE_2_FINAL)));
  }

  @Test
  void example2WrappedKeyIsTheRfc3394WrapOfTheContentKey() {
    assertThat(hex(ops.primitives().wrapKey(KEK.material(), CEK_128.material())))
        .isEqualTo("69c411276fecddc4780df42c8a2af89296fabf34d7fae700");
    assertThat(
            ops.primitives()
                .unwrapKey(KEK.material(), hex("69c411276fecddc4780df42c8a2af89296fabf34d7fae700")))
        .isEqualTo(CEK_128.material());
  }

  @Test
  void example2FinalBundleDecryptsWithTheKeyEncryptionKey() {
    BundleBlocks received = RawBundles.parse(hex(EXAMPLE_2_FINAL));
    SecurityBlock bcb = ops.securityBlocks(received).get(0);
    BundleBlocks accepted = ops.acceptConfidentiality(received, bcb, 1, KEK, false);
    assertThat(hex(accepted.encode())).isEqualTo(hex(hex(ORIGINAL)));
  }

  @Test
  void example2WithAnotherKeyEncryptionKeyFailsToUnwrap() {
    BundleBlocks received = RawBundles.parse(hex(EXAMPLE_2_FINAL));
    SecurityBlock bcb = ops.securityBlocks(received).get(0);
    SecurityKey wrong = new SecurityKey("kek2", hex("6162636465666768696a6b6c6d6e6f71"));
    assertThatThrownBy(() -> ops.acceptConfidentiality(received, bcb, 1, wrong, false))
        .isInstanceOfSatisfying(
            BpsecException.class,
            e -> assertThat(e.reason()).isEqualTo(StatusReportReason.FAILED_SECURITY_OPERATION));
  }

  @Test
  void example3PrimaryBlockTargetIsWrappedInAByteStringInTheIppt() {
    BundleBlocks original = RawBundles.parse(hex(EXAMPLE_3_ORIGINAL));
    assertThat(hex(BibHmacSha2.ippt(original, 0, 0, 3, BlockProcessingFlags.NONE)))
        .isEqualTo("00581c" + PRIMARY);
    assertThat(hex(BibHmacSha2.ippt(original, 2, 0, 3, BlockProcessingFlags.NONE)))
        .isEqualTo("004319012c");
  }

  @Test
  void example3SecurityBlocksFromMultipleSourcesAreReproducedByteForByte() {
    BundleBlocks b = RawBundles.parse(hex(EXAMPLE_3_ORIGINAL));
    b =
        ops.addIntegrity(
            b,
            new IntegrityRequest(
                List.of(0L, 2L),
                IPN_3_0,
                ShaVariant.HMAC_256_256,
                0,
                HMAC_KEY,
                null,
                3,
                BlockProcessingFlags.NONE));
    b =
        ops.addConfidentiality(
            b,
            new ConfidentialityRequest(
                List.of(1L),
                IPN_2_1,
                AesVariant.A128GCM,
                0,
                CEK_128,
                null,
                IV,
                4,
                BlockProcessingFlags.NONE));
    assertThat(hex(b.encode())).isEqualTo(hex(hex(EXAMPLE_3_FINAL)));
  }

  @Test
  void example3FinalBundleIsAcceptedBackToTheOriginal() {
    BundleBlocks b = RawBundles.parse(hex(EXAMPLE_3_FINAL));
    List<SecurityBlock> blocks = ops.securityBlocks(b);
    SecurityBlock bcb = SecurityOperations.confidentialityOf(blocks, 1);
    b = ops.acceptConfidentiality(b, bcb, 1, CEK_128, false);
    SecurityBlock bib = SecurityOperations.integrityOf(ops.securityBlocks(b), 0);
    b = ops.acceptIntegrity(b, bib, 0, HMAC_KEY, false);
    bib = SecurityOperations.integrityOf(ops.securityBlocks(b), 2);
    b = ops.acceptIntegrity(b, bib, 2, HMAC_KEY, false);
    assertThat(ops.securityBlocks(b)).isEmpty();
    assertThat(hex(b.encode())).isEqualTo(hex(hex(EXAMPLE_3_ORIGINAL)));
  }

  @Test
  void example4IpptAndAadIncludeAllHeaders() {
    BundleBlocks original = original();
    assertThat(hex(BibHmacSha2.ippt(original, 1, 7, 3, BlockProcessingFlags.NONE)))
        .isEqualTo("07" + PRIMARY + "010100" + "0b0300" + "5823" + PAYLOAD_DATA);
    assertThat(
            hex(
                BcbAesGcm.aad(
                    original,
                    original.block(1),
                    7,
                    2,
                    BlockProcessingFlags.of(BlockProcessingFlags.REPLICATE_IN_EVERY_FRAGMENT))))
        .isEqualTo("07" + PRIMARY + "010100" + "0c0201");
  }

  @Test
  void example4FullScopeIsReproducedByteForByteAndTheBcbCoversTheBib() {
    BundleBlocks b =
        ops.addIntegrity(
            original(),
            new IntegrityRequest(
                List.of(1L),
                IPN_2_1,
                ShaVariant.HMAC_384_384,
                7,
                HMAC_KEY,
                null,
                3,
                BlockProcessingFlags.NONE));
    assertThat(hex(b.block(3).dataBytes()))
        .isEqualTo(
            "81010101820282020182820106820307818182015830f75fe4c37f76f046165855"
                + "bd5ff72fbfd4e3a64b4695c40e2b787da005ae819f0a2e30a2e8b325527de8aefb52"
                + "e73d71");
    b =
        ops.addConfidentiality(
            b,
            new ConfidentialityRequest(
                List.of(1L),
                IPN_2_1,
                AesVariant.A256GCM,
                7,
                CEK_256,
                null,
                IV,
                2,
                BlockProcessingFlags.NONE));
    assertThat(hex(b.encode())).isEqualTo(hex(hex(EXAMPLE_4_FINAL)));
  }

  @Test
  void example4DecryptsTheBibBeforeCheckingIt() {
    BundleBlocks b = RawBundles.parse(hex(EXAMPLE_4_FINAL));
    List<SecurityBlock> blocks = ops.securityBlocks(b);
    // the BIB is ciphertext: only the BCB is visible
    assertThat(blocks).hasSize(1);
    SecurityBlock bcb = blocks.get(0);
    assertThat(bcb.asb().targets()).containsExactly(3L, 1L);
    b = ops.acceptConfidentiality(b, bcb, 3, CEK_256, false);
    assertThat(hex(b.block(3).dataBytes())).startsWith("81010101820282020182820106820307");
    BundleBlocks halfway = b;
    List<SecurityBlock> now = ops.securityBlocks(halfway);
    SecurityBlock bcbLeft = SecurityOperations.confidentialityOf(now, 1);
    SecurityBlock bibEarly = SecurityOperations.integrityOf(now, 1);
    // RFC 9172 §3.9: the payload is still ciphertext, so its BIB must not be checked yet
    assertThatThrownBy(() -> ops.verifyIntegrity(halfway, bibEarly, 1, HMAC_KEY))
        .isInstanceOfSatisfying(
            BpsecException.class,
            e ->
                assertThat(e.reason())
                    .isEqualTo(StatusReportReason.CONFLICTING_SECURITY_OPERATION));
    b = ops.acceptConfidentiality(b, bcbLeft, 1, CEK_256, false);
    SecurityBlock bib = SecurityOperations.integrityOf(ops.securityBlocks(b), 1);
    b = ops.acceptIntegrity(b, bib, 1, HMAC_KEY, false);
    assertThat(hex(b.encode())).isEqualTo(hex(hex(ORIGINAL)));
  }

  @Test
  void example4AsbDecodesAndReencodesIdentically() {
    byte[] asb =
        hex(
            "820301020182028202018382014c5477656c766531323132313282020382040782"
                + "81820150220ffc45c8a901999ecc60991dd78b2981820150d2c51cb2481792dae8b2"
                + "1d848cede99b");
    AbstractSecurityBlock decoded =
        AbstractSecurityBlock.decode(ByteBuffer.wrap(asb), CborLimits.DEFAULT);
    assertThat(decoded.contextId()).isEqualTo(2);
    assertThat(decoded.securitySource()).isEqualTo(IPN_2_1);
    assertThat(decoded.parameters()).hasSize(3);
    assertThat(hex(decoded.encode())).isEqualTo(hex(asb));
  }
}
