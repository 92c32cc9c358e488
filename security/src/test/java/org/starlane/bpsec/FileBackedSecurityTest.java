package org.starlane.bpsec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.starlane.bp.bundle.BlockProcessingFlags;
import org.starlane.bp.bundle.BlockType;
import org.starlane.bp.bundle.Bundle;
import org.starlane.bp.bundle.CanonicalBlock;
import org.starlane.bp.bundle.CreationTimestamp;
import org.starlane.bp.bundle.PayloadFile;
import org.starlane.bp.bundle.PrimaryBlock;
import org.starlane.bp.bundle.StatusReportReason;
import org.starlane.bp.eid.EndpointId;
import org.starlane.bp.spi.SecurityOutcome;
import org.starlane.bpsec.BcbAesGcm.AesVariant;
import org.starlane.bpsec.BibHmacSha2.ShaVariant;
import org.starlane.bpsec.SecurityOperations.ConfidentialityRequest;
import org.starlane.bpsec.SecurityOperations.IntegrityRequest;

/**
 * Where the new files of file-backed BPSec operations go and who deletes them (docs/bpsec.md,
 * "Large payloads"), and how unreadable payload files fail: always as a {@link BpsecException}
 * naming the block.
 */
class FileBackedSecurityTest {
  static final EndpointId A = EndpointId.parse("ipn:1.0");
  static final EndpointId C = EndpointId.parse("ipn:3.0");
  static final SecurityKey HMAC_KEY = new SecurityKey("hmac", filled(32, 1));
  static final SecurityKey KEK = new SecurityKey("kek", filled(32, 2));
  static final byte[] PAYLOAD = new byte[3 * PayloadFile.CHUNK_BYTES + 5];

  static {
    new java.util.SplittableRandom(9).nextBytes(PAYLOAD);
  }

  @TempDir Path temp;
  final SecurityOperations ops = new SecurityOperations();

  static byte[] filled(int n, int v) {
    byte[] b = new byte[n];
    java.util.Arrays.fill(b, (byte) v);
    return b;
  }

  Bundle bundle(Path payloadFile) throws IOException {
    Files.write(payloadFile, PAYLOAD);
    return Bundle.of(
        PrimaryBlock.of(
            EndpointId.parse("ipn:3.1"),
            EndpointId.parse("ipn:1.1"),
            new CreationTimestamp(1000, 1),
            60_000),
        List.of(CanonicalBlock.payload(PayloadFile.of(payloadFile))));
  }

  static List<Path> filesIn(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted().toList();
    }
  }

  static Properties props(String... kv) {
    Properties p = new Properties();
    for (int i = 0; i < kv.length; i += 2) {
      p.setProperty(kv[i], kv[i + 1]);
    }
    return p;
  }

  ConfidentialityRequest sealing(boolean wrap) {
    return new ConfidentialityRequest(
        List.of(1L),
        A,
        AesVariant.A256GCM,
        7,
        wrap ? ops.freshKey(32) : KEK,
        wrap ? KEK : null,
        null,
        0,
        BlockProcessingFlags.NONE);
  }

  IntegrityRequest signing() {
    return new IntegrityRequest(
        List.of(0L, 1L),
        A,
        ShaVariant.HMAC_256_256,
        7,
        HMAC_KEY,
        null,
        0,
        BlockProcessingFlags.NONE);
  }

  @Test
  void newFilesGoToThePayloadDirectoryAndTheTargetsFileIsLeftAlone() throws IOException {
    Path elsewhere = Files.createDirectories(temp.resolve("store"));
    Path payloads = Files.createDirectories(temp.resolve("payloads"));
    BundleBlocks plain = BundleBlocks.of(bundle(elsewhere.resolve("p.bin")));
    SecurityOperations inDirectory = ops.withPayloadDirectory(payloads);

    BundleBlocks encrypted = inDirectory.addConfidentiality(plain, sealing(true));
    Path ciphertext = encrypted.block(1).dataFile().path();
    assertThat(ciphertext.getParent()).isEqualTo(payloads.toAbsolutePath());
    BundleBlocks decrypted =
        inDirectory.acceptConfidentiality(
            encrypted, inDirectory.securityBlocks(encrypted).get(0), 1, KEK, false);

    assertThat(decrypted.block(1).dataFile().path().getParent())
        .isEqualTo(payloads.toAbsolutePath());
    assertThat(decrypted.block(1).dataFile().contentEquals(plain.block(1).dataFile())).isTrue();
    assertThat(filesIn(payloads)).hasSize(2);
    assertThat(filesIn(elsewhere)).containsExactly(elsewhere.resolve("p.bin"));
    assertThat(elsewhere.resolve("p.bin")).hasBinaryContent(PAYLOAD);
  }

  @Test
  void withoutAPayloadDirectoryTheNewFileGoesNextToTheTargetsFile() throws IOException {
    BundleBlocks plain = BundleBlocks.of(bundle(temp.resolve("p.bin")));
    BundleBlocks encrypted = ops.addConfidentiality(plain, sealing(false));
    assertThat(encrypted.block(1).dataFile().path().getParent()).isEqualTo(temp.toAbsolutePath());
  }

  @Test
  void aWrongKeyOrAChangedTagLeavesNoFileBehind() throws IOException {
    BundleBlocks encrypted =
        ops.addConfidentiality(BundleBlocks.of(bundle(temp.resolve("p.bin"))), sealing(false));
    SecurityBlock bcb = ops.securityBlocks(encrypted).get(0);
    List<Path> before = filesIn(temp);

    assertThatThrownBy(
            () ->
                ops.acceptConfidentiality(
                    encrypted, bcb, 1, new SecurityKey("wrong", filled(32, 3)), false))
        .isInstanceOfSatisfying(
            BpsecException.class,
            e -> assertThat(e.reason()).isEqualTo(StatusReportReason.FAILED_SECURITY_OPERATION));
    byte[] tag = bcb.asb().resultsFor(1).get(0).asBytes("tag");
    tag[15] ^= 1;
    AbstractSecurityBlock changed =
        new AbstractSecurityBlock(
            bcb.asb().targets(),
            bcb.asb().contextId(),
            bcb.asb().flags(),
            bcb.asb().securitySource(),
            bcb.asb().parameters(),
            List.of(List.of(SecurityField.ofBytes(BcbAesGcm.RESULT_AUTHENTICATION_TAG, tag))));
    BundleBlocks tampered =
        encrypted.replace(bcb.block().withData(ByteBuffer.wrap(changed.encode())));
    assertThatThrownBy(
            () ->
                ops.acceptConfidentiality(
                    tampered, ops.securityBlocks(tampered).get(0), 1, KEK, false))
        .isInstanceOf(BpsecException.class);

    assertThat(filesIn(temp)).isEqualTo(before);
  }

  @Test
  void aPayloadFileShorterThanItsRegionFailsEveryOperationWithABpsecExceptionNamingTheBlock()
      throws IOException {
    Path p = temp.resolve("p.bin");
    BundleBlocks plain = BundleBlocks.of(bundle(p));
    BundleBlocks signed = ops.addIntegrity(plain, signing());
    BundleBlocks encrypted = ops.addConfidentiality(plain, sealing(false));
    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
      ch.truncate(100);
    }
    try (FileChannel ch =
        FileChannel.open(encrypted.block(1).dataFile().path(), StandardOpenOption.WRITE)) {
      ch.truncate(PayloadFile.CHUNK_BYTES + 1);
    }
    List<Path> before = filesIn(temp);

    assertFailsNamingThePayload(() -> ops.addIntegrity(plain, signing()));
    assertFailsNamingThePayload(() -> ops.addConfidentiality(plain, sealing(false)));
    assertFailsNamingThePayload(
        () -> ops.verifyIntegrity(signed, ops.securityBlocks(signed).get(0), 1, HMAC_KEY));
    assertFailsNamingThePayload(
        () ->
            ops.acceptConfidentiality(
                encrypted, ops.securityBlocks(encrypted).get(0), 1, KEK, false));
    assertThatThrownBy(() -> BibHmacSha2.ippt(plain, 1, 7, 2, BlockProcessingFlags.NONE))
        .isInstanceOf(BpsecException.class)
        .hasMessageContaining("block 1 (type 1");
    assertThat(filesIn(temp)).isEqualTo(before);
  }

  private static void assertFailsNamingThePayload(
      org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            BpsecException.class,
            e -> assertThat(e.reason()).isEqualTo(StatusReportReason.FAILED_SECURITY_OPERATION))
        .hasMessageContaining("block 1 (type 1");
  }

  @Test
  void aPayloadLongerThanGcmCanProtectIsRefusedNamingTheBlock() throws IOException {
    Path p = temp.resolve("huge.bin");
    try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(p.toFile(), "rw")) {
      f.setLength(BcbAesGcm.MAX_PLAINTEXT_BYTES + 1); // sparse: no disk used
    }
    BundleBlocks huge =
        new BundleBlocks(
            bundle(temp.resolve("small.bin")).primary(),
            List.of(CanonicalBlock.payload(PayloadFile.of(p))));
    assertFailsNamingThePayload(() -> ops.addConfidentiality(huge, sealing(false)));
    assertThat(filesIn(temp)).hasSize(2);
  }

  @Test
  void theSourceRemovesAndAnAcceptorRestoresTheCrcOfAFileBackedPayload() throws IOException {
    BundleBlocks plain = BundleBlocks.of(bundle(temp.resolve("p.bin")));
    BundleBlocks signed = ops.addIntegrity(plain, signing());
    assertThat(signed.block(1).crcType()).isEqualTo(org.starlane.bp.bundle.CrcType.NONE);
    assertThat(signed.block(1).dataFile()).isEqualTo(plain.block(1).dataFile());
    BundleBlocks accepted =
        ops.acceptIntegrity(signed, ops.securityBlocks(signed).get(0), 1, HMAC_KEY, true);
    assertThat(accepted.block(1).crcType()).isEqualTo(org.starlane.bp.bundle.CrcType.CRC32C);
    assertThat(accepted.block(1).dataFile()).isEqualTo(plain.block(1).dataFile());
  }

  // ---------------------------------------------------------------------------------------------
  // PolicySecurityProcessor: which files a hook keeps and deletes

  PolicySecurityProcessor source(Path payloads) {
    return new PolicySecurityProcessor(
            A,
            SecurityPolicy.of(
                props(
                    "rule.s.role", "source",
                    "rule.s.service", "integrity",
                    "rule.s.targets", "primary, payload",
                    "rule.s.scope", "3",
                    "rule.s.keys", "hmac",
                    "rule.e.role", "source",
                    "rule.e.service", "confidentiality",
                    "rule.e.targets", "payload",
                    "rule.e.keys", "kek",
                    "rule.e.wrap", "true")),
            SymmetricKeyStore.of(HMAC_KEY, KEK))
        .withPayloadDirectory(payloads);
  }

  PolicySecurityProcessor destination(Path payloads, String confidentialityRole) {
    return new PolicySecurityProcessor(
            C,
            SecurityPolicy.of(
                props(
                    "rule.c.role", confidentialityRole,
                    "rule.c.service", "confidentiality",
                    "rule.c.targets", "payload",
                    "rule.c.keys", "kek",
                    "rule.i.role", "acceptor",
                    "rule.i.service", "integrity",
                    "rule.i.targets", "primary, payload",
                    "rule.i.keys", "hmac")),
            SymmetricKeyStore.of(HMAC_KEY, KEK))
        .withPayloadDirectory(payloads);
  }

  static Bundle continued(SecurityOutcome o) {
    assertThat(o).isInstanceOf(SecurityOutcome.Continue.class);
    return ((SecurityOutcome.Continue) o).bundle();
  }

  @Test
  void beforeForwardingTheSourceReturnsACiphertextFileInThePayloadDirectoryAndKeepsItsOwn()
      throws IOException {
    Path payloads = Files.createDirectories(temp.resolve("a"));
    Bundle plain = bundle(payloads.resolve("staged.bin"));
    Bundle secured = continued(source(payloads).beforeForwarding(plain));

    assertThat(secured.firstBlockOfType(BlockType.BLOCK_CONFIDENTIALITY)).isPresent();
    Path ciphertext = secured.payloadBlock().dataFile().path();
    assertThat(filesIn(payloads))
        .containsExactlyInAnyOrder(payloads.resolve("staged.bin"), ciphertext);
    assertThat(payloads.resolve("staged.bin")).hasBinaryContent(PAYLOAD);
  }

  /**
   * A bundle that node A (payload directory {@code temp/a}) secured, as it arrives elsewhere: its
   * ciphertext file moved to {@code file}, the way a convergence layer hands a payload over.
   */
  Bundle securedAndMovedTo(Path file) throws IOException {
    Path a = Files.createDirectories(temp.resolve("a"));
    Bundle secured = continued(source(a).beforeForwarding(bundle(a.resolve("staged.bin"))));
    Path moved = Files.move(secured.payloadBlock().dataFile().path(), file);
    return secured.withBlock(secured.payloadBlock().withData(PayloadFile.of(moved)));
  }

  @Test
  void atDeliveryTheDecryptedFileIsNewAndTheReceivedOneIsLeftToTheAgent() throws IOException {
    Path c = Files.createDirectories(temp.resolve("c"));
    Bundle arrived = securedAndMovedTo(c.resolve("in.bin"));
    Path received = arrived.payloadBlock().dataFile().path();

    Bundle delivered = continued(destination(c, "acceptor").atLocalDelivery(arrived));

    assertThat(delivered.firstBlockOfType(BlockType.BLOCK_INTEGRITY)).isEmpty();
    assertThat(delivered.firstBlockOfType(BlockType.BLOCK_CONFIDENTIALITY)).isEmpty();
    Path plaintext = delivered.payloadBlock().dataFile().path();
    assertThat(plaintext).hasBinaryContent(PAYLOAD);
    // the agent, whose bundle the delivered one replaces, deletes the received ciphertext
    // (BundleProtocolAgentTest, SecuredAgentsTest)
    assertThat(filesIn(c)).containsExactlyInAnyOrder(received, plaintext);
  }

  @Test
  void aReceivedFileOutsideThePayloadDirectoryIsLeftAlone() throws IOException {
    Path c = Files.createDirectories(temp.resolve("c"));
    Path store = Files.createDirectories(temp.resolve("store"));
    Bundle recovered = securedAndMovedTo(store.resolve("s.bin"));
    Path stored = recovered.payloadBlock().dataFile().path();

    Bundle delivered = continued(destination(c, "acceptor").atLocalDelivery(recovered));

    assertThat(filesIn(store)).containsExactly(stored);
    assertThat(filesIn(c)).containsExactly(delivered.payloadBlock().dataFile().path());
  }

  @Test
  void aConfidentialityVerifierDecryptsOnlyToCheckAndLeavesNoFile() throws IOException {
    Path b = Files.createDirectories(temp.resolve("b"));
    Bundle arrived = securedAndMovedTo(b.resolve("in.bin"));
    Path received = arrived.payloadBlock().dataFile().path();
    PolicySecurityProcessor relay =
        new PolicySecurityProcessor(
                EndpointId.parse("ipn:2.0"),
                SecurityPolicy.of(
                    props(
                        "rule.c.role", "verifier",
                        "rule.c.service", "confidentiality",
                        "rule.c.targets", "payload",
                        "rule.c.keys", "kek")),
                SymmetricKeyStore.of(KEK))
            .withPayloadDirectory(b);

    Bundle forwarded = continued(relay.atReception(arrived));

    assertThat(forwarded).isEqualTo(arrived);
    assertThat(filesIn(b)).containsExactly(received);
  }

  @Test
  void aTamperedCiphertextFileIsDeletedWithAFailedReportAndLeavesNoPlaintextFile()
      throws IOException {
    Path c = Files.createDirectories(temp.resolve("c"));
    Bundle arrived = securedAndMovedTo(c.resolve("in.bin"));
    Path received = arrived.payloadBlock().dataFile().path();
    FileBackedSecurityProperties.flip(arrived.payloadBlock().dataFile(), PAYLOAD.length / 2, 0x40);

    SecurityOutcome o = destination(c, "acceptor").atLocalDelivery(arrived);

    assertThat(o)
        .isEqualTo(new SecurityOutcome.Delete(StatusReportReason.FAILED_SECURITY_OPERATION));
    assertThat(filesIn(c)).as("the agent deletes its received file").containsExactly(received);
  }
}
