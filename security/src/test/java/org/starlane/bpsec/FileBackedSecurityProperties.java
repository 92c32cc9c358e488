package org.starlane.bpsec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterTry;
import net.jqwik.api.lifecycle.BeforeTry;
import org.starlane.bp.bundle.BlockProcessingFlags;
import org.starlane.bp.bundle.BlockType;
import org.starlane.bp.bundle.CanonicalBlock;
import org.starlane.bp.bundle.CrcType;
import org.starlane.bp.bundle.CreationTimestamp;
import org.starlane.bp.bundle.PayloadFile;
import org.starlane.bp.bundle.PrimaryBlock;
import org.starlane.bp.bundle.StatusReportReason;
import org.starlane.bp.cbor.CborLimits;
import org.starlane.bp.eid.EndpointId;
import org.starlane.bpsec.BcbAesGcm.AesVariant;
import org.starlane.bpsec.BibHmacSha2.ShaVariant;
import org.starlane.bpsec.SecurityOperations.ConfidentialityRequest;
import org.starlane.bpsec.SecurityOperations.IntegrityRequest;

/**
 * BPSec over a file-backed payload (docs/bpsec.md, "Large payloads") gives exactly what it gives
 * over the same payload in memory: the same BIB (RFC 9173 §3: HMAC over the IPPT streamed from the
 * file), the same BCB and ciphertext bytes (§4: AES-GCM streamed into a new file), and decryption
 * back to the plaintext, for every SHA and AES variant, scope, key wrap and IV length (8..16 bytes,
 * §4.3.1), at sizes around the streaming chunk, through the JDK's GCM (payloads up to 2 GiB) and
 * through {@link StreamingGcm} (beyond; forced here by a limit of 0). A changed byte in the file
 * fails verification or decryption and leaves no new file behind.
 */
class FileBackedSecurityProperties {
  static final EndpointId SOURCE = EndpointId.parse("ipn:2.0");
  static final int CHUNK = PayloadFile.CHUNK_BYTES;
  static final SecurityKey KEK = new SecurityKey("kek", filled(32, 0x5a));

  final SecurityOperations ops = new SecurityOperations();

  /** Operations that take every file-backed target past the JDK's GCM, to {@link StreamingGcm}. */
  final SecurityOperations streamingOps =
      new SecurityOperations(
          new JcaPrimitives(null, null, 0), new java.security.SecureRandom(), CborLimits.DEFAULT);

  Path dir;

  static byte[] filled(int n, int v) {
    byte[] b = new byte[n];
    java.util.Arrays.fill(b, (byte) v);
    return b;
  }

  @BeforeTry
  void createDirectory() throws IOException {
    dir = Files.createTempDirectory("bpsec-file-");
  }

  @AfterTry
  void deleteDirectory() throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /**
   * One bundle (primary block, an extension block 2, payload block 1) in memory and with its
   * payload in a file; the keys and the IV that make both runs deterministic.
   */
  record Case(
      byte[] payload,
      int scope,
      boolean wrap,
      int variant,
      byte[] key,
      byte[] iv,
      long seq,
      boolean streamingGcm) {}

  @Provide
  Arbitrary<Integer> sizes() {
    return Arbitraries.oneOf(
        Arbitraries.of(
            0, 1, 15, 16, 17, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK - 1, 2 * CHUNK, 2 * CHUNK + 1),
        Arbitraries.integers().between(0, 3 * CHUNK + 100));
  }

  @Provide
  Arbitrary<Case> cases() {
    return Combinators.combine(
            sizes(),
            Arbitraries.integers().between(0, 7),
            Arbitraries.of(true, false),
            Arbitraries.integers().between(0, 2),
            Arbitraries.bytes().array(byte[].class).ofSize(64),
            Arbitraries.bytes().array(byte[].class).ofMinSize(8).ofMaxSize(16),
            Arbitraries.longs().between(1, 1_000_000),
            Arbitraries.of(true, false))
        .as(
            (size, scope, wrap, variant, key, iv, seq, streaming) -> {
              byte[] payload = new byte[size];
              new java.util.SplittableRandom(seq).nextBytes(payload);
              return new Case(payload, scope, wrap, variant, key, iv, seq, streaming);
            });
  }

  BundleBlocks inMemory(Case c) {
    return bundle(c, CanonicalBlock.payload(ByteBuffer.wrap(c.payload())));
  }

  BundleBlocks fileBacked(Case c) {
    try {
      Path file = Files.write(dir.resolve("payload-" + c.seq() + ".bin"), c.payload());
      return bundle(c, CanonicalBlock.payload(PayloadFile.of(file)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static BundleBlocks bundle(Case c, CanonicalBlock payload) {
    PrimaryBlock primary =
        PrimaryBlock.of(
            EndpointId.parse("ipn:1.2"),
            EndpointId.parse("ipn:2.1"),
            new CreationTimestamp(1000, c.seq()),
            60_000);
    CanonicalBlock extension =
        new CanonicalBlock(
            192, 2, BlockProcessingFlags.NONE, CrcType.CRC16_X25, ByteBuffer.wrap(new byte[] {7}));
    return new BundleBlocks(primary, List.of(extension, payload));
  }

  BundleBlocks sign(Case c, BundleBlocks b, List<Long> targets) {
    ShaVariant v = ShaVariant.values()[c.variant()];
    SecurityKey key =
        new SecurityKey("hmac", java.util.Arrays.copyOf(c.key(), v.algorithm().outputBytes()));
    return ops.addIntegrity(
        b,
        new IntegrityRequest(
            targets,
            SOURCE,
            v,
            c.scope(),
            key,
            c.wrap() ? KEK : null,
            0,
            BlockProcessingFlags.NONE));
  }

  SecurityKey hmacVerificationKey(Case c) {
    ShaVariant v = ShaVariant.values()[c.variant()];
    return c.wrap()
        ? KEK
        : new SecurityKey("hmac", java.util.Arrays.copyOf(c.key(), v.algorithm().outputBytes()));
  }

  AesVariant aes(Case c) {
    return c.variant() == 0 ? AesVariant.A128GCM : AesVariant.A256GCM;
  }

  SecurityKey cek(Case c) {
    return new SecurityKey("cek", java.util.Arrays.copyOf(c.key(), aes(c).keyBytes()));
  }

  BundleBlocks encrypt(Case c, BundleBlocks b, List<Long> targets) {
    return opsFor(c)
        .addConfidentiality(
            b,
            new ConfidentialityRequest(
                targets,
                SOURCE,
                aes(c),
                c.scope(),
                cek(c),
                c.wrap() ? KEK : null,
                c.iv(),
                0,
                BlockProcessingFlags.NONE));
  }

  SecurityOperations opsFor(Case c) {
    return c.streamingGcm() ? streamingOps : ops;
  }

  SecurityKey decryptionKey(Case c) {
    return c.wrap() ? KEK : cek(c);
  }

  static byte[] bytesOf(CanonicalBlock block) {
    try {
      return block.isFileBacked() ? readRegion(block.dataFile()) : block.dataBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] readRegion(PayloadFile f) throws IOException {
    byte[] out = new byte[Math.toIntExact(f.length())];
    try (FileChannel ch = FileChannel.open(f.path(), StandardOpenOption.READ)) {
      ByteBuffer b = ByteBuffer.wrap(out);
      while (b.hasRemaining() && ch.read(b, f.offset() + b.position()) >= 0) {
        // read on
      }
    }
    return out;
  }

  List<Path> files() {
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The security blocks' encodings, in block order. */
  static List<byte[]> securityBlockBytes(BundleBlocks b) {
    List<byte[]> out = new ArrayList<>();
    for (CanonicalBlock x : b.blocks()) {
      if (x.type() == BlockType.BLOCK_INTEGRITY || x.type() == BlockType.BLOCK_CONFIDENTIALITY) {
        out.add(x.dataBytes());
      }
    }
    return out;
  }

  @Property(tries = 150)
  void aFileBackedPayloadGetsTheSameBibAsInMemoryAndVerifiesAndAccepts(@ForAll("cases") Case c) {
    BundleBlocks memory = sign(c, inMemory(c), List.of(0L, 2L, 1L));
    BundleBlocks plainFile = fileBacked(c);
    BundleBlocks file = sign(c, plainFile, List.of(0L, 2L, 1L));

    assertThat(securityBlockBytes(file))
        .usingElementComparator(java.util.Arrays::compare)
        .containsExactlyElementsOf(securityBlockBytes(memory));
    SecurityBlock bib = ops.securityBlocks(file).get(0);
    assertThat(BibHmacSha2.ippt(file, 1, c.scope(), bib.number(), bib.block().flags()))
        .isEqualTo(BibHmacSha2.ippt(memory, 1, c.scope(), bib.number(), bib.block().flags()));

    BundleBlocks b = file;
    for (long t : List.of(1L, 0L, 2L)) {
      ops.verifyIntegrity(b, bib, t, hmacVerificationKey(c));
      b =
          ops.acceptIntegrity(
              b,
              SecurityOperations.integrityOf(ops.securityBlocks(b), t),
              t,
              hmacVerificationKey(c),
              true);
    }
    assertThat(ops.securityBlocks(b)).isEmpty();
    // CRC removed by the source, restored by an acceptor that is not the destination; same file
    assertThat(b.block(1).crcType()).isEqualTo(CrcType.CRC32C);
    assertThat(b.block(1).dataFile()).isEqualTo(plainFile.block(1).dataFile());
    assertThat(files()).hasSize(1);
  }

  @Property(tries = 150)
  void aFileBackedPayloadEncryptsToTheSameBcbAndCiphertextAsInMemoryAndDecryptsBack(
      @ForAll("cases") Case c) {
    BundleBlocks plainFile = fileBacked(c);
    // the BCB also encrypts the BIB over the payload (RFC 9172 §3.9): targets [BIB, payload]
    BundleBlocks memory = encrypt(c, sign(c, inMemory(c), List.of(1L)), List.of(1L));
    BundleBlocks file = encrypt(c, sign(c, plainFile, List.of(1L)), List.of(1L));

    assertThat(securityBlockBytes(file))
        .usingElementComparator(java.util.Arrays::compare)
        .containsExactlyElementsOf(securityBlockBytes(memory));
    CanonicalBlock ciphertext = file.block(1);
    assertThat(ciphertext.isFileBacked()).isTrue();
    assertThat(ciphertext.dataFile().path().getParent()).isEqualTo(dir.toAbsolutePath());
    assertThat(bytesOf(ciphertext)).isEqualTo(bytesOf(memory.block(1)));
    assertThat(bytesOf(plainFile.block(1)))
        .as("the plaintext file is unchanged")
        .isEqualTo(c.payload());

    SecurityBlock bcb = SecurityOperations.confidentialityOf(ops.securityBlocks(file), 1);
    assertThat(bcb.asb().targets()).hasSize(2);
    long bibNumber = bcb.asb().targets().get(0);
    BundleBlocks b = opsFor(c).acceptConfidentiality(file, bcb, 1, decryptionKey(c), false);
    b =
        opsFor(c)
            .acceptConfidentiality(
                b, ops.securityBlocks(b).get(0), bibNumber, decryptionKey(c), false);
    CanonicalBlock decrypted = b.block(1);
    assertThat(decrypted.isFileBacked()).isTrue();
    assertThat(decrypted.dataFile().path())
        .isNotIn(plainFile.block(1).dataFile().path(), ciphertext.dataFile().path());
    assertThat(bytesOf(decrypted)).isEqualTo(c.payload());
    assertThat(files()).hasSize(3); // the plaintext, the ciphertext, the decrypted plaintext
    // the BIB is back in the clear and verifies over the decrypted file
    b =
        ops.acceptIntegrity(
            b,
            SecurityOperations.integrityOf(ops.securityBlocks(b), 1),
            1,
            hmacVerificationKey(c),
            false);
    assertThat(ops.securityBlocks(b)).isEmpty();
  }

  @Property(tries = 150)
  void aChangedByteOfTheFileFailsVerificationAndDecryptionAndLeavesNoFileBehind(
      @ForAll("cases") Case c,
      @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int position,
      @ForAll @IntRange(min = 1, max = 255) int xor)
      throws IOException {
    Assume.that(c.payload().length > 0);
    BundleBlocks signed = sign(c, fileBacked(c), List.of(1L));
    flip(signed.block(1).dataFile(), position, xor);
    SecurityBlock bib = ops.securityBlocks(signed).get(0);
    assertThatThrownBy(() -> ops.verifyIntegrity(signed, bib, 1, hmacVerificationKey(c)))
        .isInstanceOfSatisfying(
            BpsecException.class,
            e -> assertThat(e.reason()).isEqualTo(StatusReportReason.FAILED_SECURITY_OPERATION));

    BundleBlocks encrypted = encrypt(c, fileBacked(c), List.of(1L));
    flip(encrypted.block(1).dataFile(), position, xor);
    List<Path> before = files();
    SecurityBlock bcb = ops.securityBlocks(encrypted).get(0);
    assertThatThrownBy(
            () -> opsFor(c).acceptConfidentiality(encrypted, bcb, 1, decryptionKey(c), false))
        .isInstanceOfSatisfying(
            BpsecException.class,
            e -> assertThat(e.reason()).isEqualTo(StatusReportReason.FAILED_SECURITY_OPERATION));
    assertThat(files()).as("no plaintext file left behind").isEqualTo(before);
  }

  static void flip(PayloadFile f, int position, int xor) throws IOException {
    long at = f.offset() + Integer.toUnsignedLong(position) % f.length();
    try (FileChannel ch =
        FileChannel.open(f.path(), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer one = ByteBuffer.allocate(1);
      ch.read(one, at);
      one.put(0, (byte) (one.get(0) ^ xor));
      ch.write(one.rewind(), at);
    }
  }
}
