package org.starlane.bpsec;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.starlane.bp.bundle.BlockProcessingFlags;
import org.starlane.bp.bundle.BlockType;
import org.starlane.bp.bundle.CanonicalBlock;
import org.starlane.bp.bundle.CrcType;
import org.starlane.bp.bundle.PayloadFile;
import org.starlane.bp.cbor.CborLimits;
import org.starlane.bp.eid.EndpointId;
import org.starlane.bpsec.BcbAesGcm.AesVariant;
import org.starlane.bpsec.BibHmacSha2.ShaVariant;

/**
 * Adding, verifying and accepting security operations (RFC 9172 §3.2-3.9, §5) with the RFC 9173
 * contexts: the rules that span blocks live here, the cryptography in {@link BibHmacSha2} and
 * {@link BcbAesGcm}.
 *
 * <ul>
 *   <li>A security source adds a BIB ({@link #addIntegrity}) before any BCB on the same target, and
 *       a BCB ({@link #addConfidentiality}) that also encrypts every BIB sharing its targets
 *       (§3.9). Nothing is added to a fragment (§5.2).
 *   <li>A security verifier checks a BIB operation and leaves it in place ({@link
 *       #verifyIntegrity}); a security acceptor checks it and removes it ({@link #acceptIntegrity})
 *       or decrypts a BCB target and removes the operation ({@link #acceptConfidentiality}). BCBs
 *       are processed before the BIBs they cover (§5.1).
 *   <li>Faults in the bundle are {@link BpsecException}s with the RFC 9172 §7.1 reason codes; what
 *       to delete is the caller's policy ({@link #discardTarget} helps).
 * </ul>
 *
 * <p><b>File-backed targets.</b> A payload block may keep its data in a file region ({@link
 * CanonicalBlock#isFileBacked()}, docs/bundle-protocol.md "Large payloads"), of any size. Such a
 * target is signed and verified by streaming its file into the MAC, and encrypted or decrypted by
 * streaming it into a <em>new file</em>: in {@link #payloadDirectory()} if one is set ({@link
 * #withPayloadDirectory}), else next to the target's file. The bundle returned then refers to the
 * new file, which belongs to the caller (an agent's processor puts it into the agent's payload
 * directory, which makes it the agent's); the target's own file is never changed or deleted. A
 * decryption writes its plaintext into the new file before the tag is checked, but the file is
 * deleted, and never referenced, when the tag does not verify. Security blocks (BIB, BCB) are never
 * file-backed: {@link CanonicalBlock} allows a file only for the payload block. Reading or writing
 * a file fails with a {@link BpsecException} (failed security operation) that names the block.
 *
 * <p>Confined to one thread (it holds reusable {@link JcaPrimitives}).
 */
public final class SecurityOperations {
  private static final Logger LOG = LoggerFactory.getLogger(SecurityOperations.class);
  private final JcaPrimitives primitives;
  private final SecureRandom random;
  private final CborLimits limits;
  private final Path payloadDirectory;

  public SecurityOperations() {
    this(new JcaPrimitives(), new SecureRandom(), CborLimits.DEFAULT);
  }

  public SecurityOperations(JcaPrimitives primitives, SecureRandom random, CborLimits limits) {
    this(primitives, random, limits, null);
  }

  private SecurityOperations(
      JcaPrimitives primitives, SecureRandom random, CborLimits limits, Path payloadDirectory) {
    this.primitives = Objects.requireNonNull(primitives, "primitives");
    this.random = Objects.requireNonNull(random, "random");
    this.limits = Objects.requireNonNull(limits, "limits");
    this.payloadDirectory =
        payloadDirectory == null ? null : payloadDirectory.toAbsolutePath().normalize();
  }

  /**
   * These operations (sharing their primitives, so confined to the same thread), writing the new
   * files of encrypted or decrypted file-backed targets into {@code directory} (typically an
   * agent's payload directory; on the same file system as the targets' files is best).
   */
  public SecurityOperations withPayloadDirectory(Path directory) {
    return new SecurityOperations(
        primitives, random, limits, Objects.requireNonNull(directory, "directory"));
  }

  /**
   * Where new files for file-backed targets go; empty: next to each target's file (see the class
   * comment).
   */
  public Optional<Path> payloadDirectory() {
    return Optional.ofNullable(payloadDirectory);
  }

  public JcaPrimitives primitives() {
    return primitives;
  }

  /**
   * An integrity operation to add as a security source.
   *
   * @param targets block numbers to sign (0 is the primary block), in order
   * @param securitySource this node's ID
   * @param variant SHA variant
   * @param scopeFlags integrity scope flags
   * @param key the HMAC key
   * @param keyEncryptionKey when not null, {@code key} is wrapped with it into the BIB (RFC 9173
   *     §3.3.2)
   * @param blockNumber the BIB's block number, or 0 for the next free one
   * @param blockFlags the BIB's block processing control flags
   */
  public record IntegrityRequest(
      List<Long> targets,
      EndpointId securitySource,
      ShaVariant variant,
      int scopeFlags,
      SecurityKey key,
      SecurityKey keyEncryptionKey,
      long blockNumber,
      BlockProcessingFlags blockFlags) {
    public IntegrityRequest {
      targets = List.copyOf(targets);
      Objects.requireNonNull(securitySource, "securitySource");
      Objects.requireNonNull(variant, "variant");
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(blockFlags, "blockFlags");
      if (targets.isEmpty()) {
        throw new IllegalArgumentException("an integrity operation needs at least one target");
      }
    }
  }

  /**
   * A confidentiality operation to add as a security source.
   *
   * @param targets block numbers to encrypt (never 0), in order; BIBs that share targets are added
   *     in front of them (RFC 9172 §3.9)
   * @param securitySource this node's ID
   * @param variant AES variant
   * @param aadScopeFlags AAD scope flags
   * @param key the content-encryption key (length of the variant)
   * @param keyEncryptionKey when not null, {@code key} is wrapped with it into the BCB
   * @param iv the IV (8..16 bytes), or null for 12 fresh random bytes
   * @param blockNumber the BCB's block number, or 0 for the next free one
   * @param blockFlags the BCB's flags ("replicate in every fragment" is added when the payload is a
   *     target, RFC 9172 §3.8)
   */
  public record ConfidentialityRequest(
      List<Long> targets,
      EndpointId securitySource,
      AesVariant variant,
      int aadScopeFlags,
      SecurityKey key,
      SecurityKey keyEncryptionKey,
      byte[] iv,
      long blockNumber,
      BlockProcessingFlags blockFlags) {
    public ConfidentialityRequest {
      targets = List.copyOf(targets);
      Objects.requireNonNull(securitySource, "securitySource");
      Objects.requireNonNull(variant, "variant");
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(blockFlags, "blockFlags");
      iv = iv == null ? null : iv.clone();
      if (targets.isEmpty()) {
        throw new IllegalArgumentException("a confidentiality operation needs at least one target");
      }
      if (blockFlags.discardBlockIfUnprocessable()) {
        throw new IllegalArgumentException(
            "a BCB must not have the 'discard block if unprocessable' flag (RFC 9172 §3.8)");
      }
    }
  }

  /** A fresh random key of {@code bytes} bytes, for a per-bundle key that is then wrapped. */
  public SecurityKey freshKey(int bytes) {
    byte[] k = new byte[bytes];
    random.nextBytes(k);
    return new SecurityKey("per-bundle", k);
  }

  // ---------------------------------------------------------------------------------------------
  // Inspection: the rules of RFC 9172 §3 over all security blocks of a bundle

  /**
   * The BIBs and BCBs of {@code bundle}, decoded, after checking the rules that span blocks (§3.2,
   * §3.6-3.9). A BIB that a BCB targets is encrypted and is not returned.
   *
   * @throws BpsecException a malformed security block (block unintelligible) or a rule broken
   *     (conflicting security operation)
   */
  public List<SecurityBlock> securityBlocks(BundleBlocks bundle) {
    List<CanonicalBlock> blocks = bundle.blocks();
    List<SecurityBlock> bcbs = new ArrayList<>();
    for (int i = 0; i < blocks.size(); i++) {
      CanonicalBlock b = blocks.get(i);
      if (b.type() == BlockType.BLOCK_CONFIDENTIALITY) {
        bcbs.add(new SecurityBlock(b, decode(b)));
      }
    }
    List<SecurityBlock> result = new ArrayList<>(bcbs);
    for (int i = 0; i < blocks.size(); i++) {
      CanonicalBlock b = blocks.get(i);
      if (b.type() == BlockType.BLOCK_INTEGRITY && targetedBy(bcbs, b.number()) == null) {
        result.add(new SecurityBlock(b, decode(b)));
      }
    }
    for (int i = 0; i < result.size(); i++) {
      SecurityBlock s = result.get(i);
      for (long t : s.asb().targets()) {
        if (!bundle.exists(t)) {
          throw BpsecException.conflicting(
              s.describe()
                  + " targets block "
                  + Long.toUnsignedString(t)
                  + ", which is not in the bundle (RFC 9172 §3.6)");
        }
        CanonicalBlock target = t == 0 ? null : bundle.block(t);
        long type = target == null ? -1 : target.type();
        if (s.isIntegrity()) {
          if (type == BlockType.BLOCK_INTEGRITY || type == BlockType.BLOCK_CONFIDENTIALITY) {
            throw BpsecException.conflicting(
                s.describe()
                    + " targets security block "
                    + Long.toUnsignedString(t)
                    + " (RFC 9172 §3.7)");
          }
        } else {
          if (t == 0) {
            throw BpsecException.conflicting(
                s.describe() + " targets the primary block (RFC 9172 §3.8)");
          }
          if (type == BlockType.BLOCK_CONFIDENTIALITY) {
            throw BpsecException.conflicting(
                s.describe() + " targets BCB " + Long.toUnsignedString(t) + " (RFC 9172 §3.8)");
          }
        }
        for (int j = 0; j < i; j++) {
          SecurityBlock other = result.get(j);
          if (other.isIntegrity() == s.isIntegrity() && other.targets(t)) {
            throw BpsecException.conflicting(
                s.describe()
                    + " and "
                    + other.describe()
                    + " both target block "
                    + Long.toUnsignedString(t)
                    + " (RFC 9172 §3.2)");
          }
        }
      }
    }
    return result;
  }

  /** Decodes a BIB or BCB: its data are always in memory (only a payload block has a file). */
  private AbstractSecurityBlock decode(CanonicalBlock b) {
    try {
      return AbstractSecurityBlock.decode(b.data(), limits);
    } catch (BpsecException e) {
      throw new BpsecException(
          (b.type() == BlockType.BLOCK_INTEGRITY ? "BIB " : "BCB ")
              + Long.toUnsignedString(b.number())
              + ": "
              + e.getMessage(),
          e.reason(),
          e);
    }
  }

  private static SecurityBlock targetedBy(List<SecurityBlock> blocks, long number) {
    for (int i = 0; i < blocks.size(); i++) {
      SecurityBlock s = blocks.get(i);
      if (s.targets(number)) {
        return s;
      }
    }
    return null;
  }

  /** The BIB (among {@code blocks}) that targets {@code number}, or null. */
  public static SecurityBlock integrityOf(List<SecurityBlock> blocks, long number) {
    for (SecurityBlock s : blocks) {
      if (s.isIntegrity() && s.targets(number)) {
        return s;
      }
    }
    return null;
  }

  /** The BCB (among {@code blocks}) that targets {@code number}, or null. */
  public static SecurityBlock confidentialityOf(List<SecurityBlock> blocks, long number) {
    for (SecurityBlock s : blocks) {
      if (!s.isIntegrity() && s.targets(number)) {
        return s;
      }
    }
    return null;
  }

  // ---------------------------------------------------------------------------------------------
  // Security source

  /**
   * Adds a BIB (BIB-HMAC-SHA2) over {@code request.targets()} as a security source (RFC 9172 §3.7,
   * RFC 9173 §3.8.1): removes the targets' CRCs, computes each IPPT's HMAC, inserts the BIB.
   *
   * @throws BpsecException (conflicting security operation) if a rule forbids it: a fragment, a
   *     missing target, a security block as target, a target already signed or encrypted
   */
  public BundleBlocks addIntegrity(BundleBlocks bundle, IntegrityRequest request) {
    checkNotFragment(bundle);
    List<SecurityBlock> existing = securityBlocks(bundle);
    for (long t : request.targets()) {
      checkTargetExists(bundle, t);
      CanonicalBlock target = t == 0 ? null : bundle.block(t);
      if (target != null
          && (target.type() == BlockType.BLOCK_INTEGRITY
              || target.type() == BlockType.BLOCK_CONFIDENTIALITY)) {
        throw BpsecException.conflicting(
            "a BIB must not target security block "
                + Long.toUnsignedString(t)
                + " (RFC 9172 §3.7)");
      }
      var signedBy = integrityOf(existing, t);
      if (signedBy != null) {
        throw BpsecException.conflicting(
            "block "
                + Long.toUnsignedString(t)
                + " already has an integrity operation in "
                + signedBy.describe()
                + " (RFC 9172 §3.2)");
      }
      var encryptedBy = confidentialityOf(existing, t);
      if (encryptedBy != null) {
        throw BpsecException.conflicting(
            "block "
                + Long.toUnsignedString(t)
                + " is already encrypted by "
                + encryptedBy.describe()
                + ": no BIB may be added (RFC 9172 §3.9)");
      }
    }
    if (!allDistinct(request.targets())) {
      throw new IllegalArgumentException("duplicate targets " + request.targets());
    }
    BundleBlocks b = withoutCrcs(bundle, request.targets());
    long number = request.blockNumber() != 0 ? request.blockNumber() : b.nextFreeBlockNumber();
    byte[] key = request.key().bytes();
    byte[] wrapped =
        request.keyEncryptionKey() == null
            ? null
            : primitives.wrapKey(request.keyEncryptionKey().material(), key);
    BibHmacSha2.Parameters parameters =
        new BibHmacSha2.Parameters(request.variant(), request.scopeFlags(), wrapped);
    List<List<SecurityField>> results = new ArrayList<>();
    for (long t : request.targets()) {
      byte[] mac =
          BibHmacSha2.hmac(
              primitives,
              request.variant(),
              key,
              b,
              t,
              request.scopeFlags(),
              number,
              request.blockFlags());
      results.add(List.of(SecurityField.ofBytes(BibHmacSha2.RESULT_EXPECTED_HMAC, mac)));
    }
    AbstractSecurityBlock asb =
        AbstractSecurityBlock.of(
            request.targets(),
            BibHmacSha2.CONTEXT_ID,
            request.securitySource(),
            parameters.fields(),
            results);
    CanonicalBlock bib =
        new CanonicalBlock(
            BlockType.BLOCK_INTEGRITY,
            number,
            request.blockFlags(),
            CrcType.NONE,
            ByteBuffer.wrap(asb.encode(primitives.scratch())).asReadOnlyBuffer());
    return b.insertSecurityBlock(bib);
  }

  /**
   * Adds a BCB (BCB-AES-GCM) over {@code request.targets()} as a security source (RFC 9172 §3.8,
   * §3.9; RFC 9173 §4.8.1). Every BIB whose targets are all among the request's targets is
   * encrypted by the same BCB (and listed first); a BIB that shares only some targets is split, its
   * operations on the request's targets moved into a new BIB that is then encrypted, unless its
   * scope includes its own header (the moved HMACs would no longer verify): that is a conflicting
   * security operation.
   */
  public BundleBlocks addConfidentiality(BundleBlocks bundle, ConfidentialityRequest request) {
    checkNotFragment(bundle);
    if (!allDistinct(request.targets())) {
      throw new IllegalArgumentException("duplicate targets " + request.targets());
    }
    List<SecurityBlock> existing = securityBlocks(bundle);
    BundleBlocks b = bundle;
    List<Long> targets = new ArrayList<>();
    for (long t : request.targets()) {
      if (t == 0) {
        throw BpsecException.conflicting("a BCB must not target the primary block (RFC 9172 §3.8)");
      }
      checkTargetExists(b, t);
      CanonicalBlock target = b.block(t);
      if (target.type() == BlockType.BLOCK_CONFIDENTIALITY) {
        throw BpsecException.conflicting(
            "a BCB must not target BCB " + Long.toUnsignedString(t) + " (RFC 9172 §3.8)");
      }
      var encryptedBy = confidentialityOf(existing, t);
      if (encryptedBy != null) {
        throw BpsecException.conflicting(
            "block "
                + Long.toUnsignedString(t)
                + " is already encrypted by "
                + encryptedBy.describe()
                + " (RFC 9172 §3.2)");
      }
      if (target.type() == BlockType.BLOCK_INTEGRITY) {
        SecurityBlock bib = find(existing, t);
        boolean shares = false;
        for (long bt : bib.asb().targets()) {
          shares |= request.targets().contains(bt);
        }
        if (!shares) {
          throw BpsecException.conflicting(
              "a BCB must not target BIB "
                  + Long.toUnsignedString(t)
                  + " unless it shares a target with it (RFC 9172 §3.8)");
        }
      }
    }
    // RFC 9172 §3.9: BIBs that sign any of the targets are encrypted too.
    List<Long> covering = new ArrayList<>();
    for (SecurityBlock s : existing) {
      if (!s.isIntegrity() || request.targets().contains(s.number())) {
        continue;
      }
      List<Long> shared = new ArrayList<>();
      for (long bt : s.asb().targets()) {
        if (request.targets().contains(bt)) {
          shared.add(bt);
        }
      }
      if (shared.isEmpty()) {
        continue;
      }
      if (shared.size() == s.asb().targets().size()) {
        covering.add(s.number());
      } else {
        long newNumber = b.nextFreeBlockNumber();
        b = splitIntegrity(b, s, shared, newNumber);
        covering.add(newNumber);
      }
    }
    targets.addAll(covering);
    targets.addAll(request.targets());
    b = withoutCrcs(b, targets);
    long number = request.blockNumber() != 0 ? request.blockNumber() : b.nextFreeBlockNumber();
    BlockProcessingFlags flags = request.blockFlags();
    if (targets.contains(1L)) {
      flags = flags.with(BlockProcessingFlags.REPLICATE_IN_EVERY_FRAGMENT);
    }
    byte[] key = request.key().bytes();
    byte[] iv = request.iv();
    if (iv == null) {
      iv = new byte[12];
      random.nextBytes(iv);
    }
    byte[] wrapped =
        request.keyEncryptionKey() == null
            ? null
            : primitives.wrapKey(request.keyEncryptionKey().material(), key);
    BcbAesGcm.Parameters parameters =
        new BcbAesGcm.Parameters(iv, request.variant(), wrapped, request.aadScopeFlags());
    List<List<SecurityField>> results = new ArrayList<>();
    List<CanonicalBlock> encrypted = new ArrayList<>();
    try {
      for (long t : targets) {
        BcbAesGcm.Sealed sealed =
            BcbAesGcm.seal(
                primitives, parameters, key, b, b.block(t), number, flags, this::newFile);
        encrypted.add(sealed.target());
        results.add(
            List.of(SecurityField.ofBytes(BcbAesGcm.RESULT_AUTHENTICATION_TAG, sealed.tag())));
      }
      for (CanonicalBlock e : encrypted) {
        b = b.replace(e);
      }
      AbstractSecurityBlock asb =
          AbstractSecurityBlock.of(
              targets,
              BcbAesGcm.CONTEXT_ID,
              request.securitySource(),
              parameters.fields(),
              results);
      CanonicalBlock bcb =
          new CanonicalBlock(
              BlockType.BLOCK_CONFIDENTIALITY,
              number,
              flags,
              CrcType.NONE,
              ByteBuffer.wrap(asb.encode(primitives.scratch())).asReadOnlyBuffer());
      return b.insertSecurityBlock(bcb);
    } catch (RuntimeException e) {
      for (CanonicalBlock x : encrypted) {
        deleteNewFile(x, e);
      }
      throw e;
    }
  }

  /**
   * A new file holding the new data (ciphertext or plaintext, as long as the old) of file-backed
   * {@code target}, written by {@code writer}; deleted again if {@code writer} fails.
   *
   * @throws BpsecException (failed security operation) naming the block if a file cannot be read or
   *     written, or what {@code writer} throws
   */
  private PayloadFile newFile(CanonicalBlock target, String what, BcbAesGcm.ChannelWriter writer) {
    PayloadFile old = target.dataFile();
    Path directory = payloadDirectory != null ? payloadDirectory : old.path().getParent();
    Path file = null;
    boolean written = false;
    try {
      file = Files.createTempFile(directory, "bpsec-", ".bin");
      try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE)) {
        writer.write(out);
        if (out.size() != old.length()) {
          throw new IllegalStateException(
              what + " wrote " + out.size() + " bytes for the " + old.length() + " of " + old);
        }
      }
      written = true;
      return new PayloadFile(file, 0, old.length());
    } catch (IOException e) {
      throw BpsecException.failed(
          "cannot "
              + what
              + " "
              + target.describe()
              + " from "
              + old
              + " into a new file in "
              + directory
              + ": "
              + e,
          e);
    } finally {
      if (!written && file != null) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException e) {
          LOG.warn("could not delete {} after failing to {} {}: {}", file, what, old, e.toString());
        }
      }
    }
  }

  /** Deletes the new file of {@code block} (if any) after {@code failure} made it useless. */
  private static void deleteNewFile(CanonicalBlock block, RuntimeException failure) {
    if (block.isFileBacked()) {
      try {
        Files.deleteIfExists(block.dataFile().path());
      } catch (IOException e) {
        failure.addSuppressed(e);
      }
    }
  }

  private BundleBlocks splitIntegrity(
      BundleBlocks b, SecurityBlock bib, List<Long> moved, long newNumber) {
    if (bib.asb().contextId() == BibHmacSha2.CONTEXT_ID
        && (BibHmacSha2.Parameters.of(bib.asb()).scopeFlags() & Canonical.SECURITY_HEADER) != 0) {
      throw BpsecException.conflicting(
          bib.describe()
              + " signs blocks "
              + bib.asb().targets()
              + " with its own header in scope;"
              + " encrypting only "
              + moved
              + " would split it and break its HMACs (RFC 9172 §3.9)");
    }
    AbstractSecurityBlock rest = bib.asb();
    List<List<SecurityField>> movedResults = new ArrayList<>();
    for (long t : moved) {
      movedResults.add(rest.resultsFor(t));
      rest = rest.withoutTarget(t);
    }
    AbstractSecurityBlock split =
        new AbstractSecurityBlock(
            moved,
            bib.asb().contextId(),
            bib.asb().flags(),
            bib.asb().securitySource(),
            bib.asb().parameters(),
            movedResults);
    b = b.replace(bib.block().withData(ByteBuffer.wrap(rest.encode())));
    return b.insertSecurityBlock(
        new CanonicalBlock(
            BlockType.BLOCK_INTEGRITY,
            newNumber,
            bib.block().flags(),
            CrcType.NONE,
            ByteBuffer.wrap(split.encode())));
  }

  private static SecurityBlock find(List<SecurityBlock> blocks, long number) {
    for (SecurityBlock s : blocks) {
      if (s.number() == number) {
        return s;
      }
    }
    throw new IllegalStateException("no security block " + number);
  }

  /** Whether {@code list} (a handful of block numbers) has no repeated element. */
  private static boolean allDistinct(List<Long> list) {
    for (int i = 1; i < list.size(); i++) {
      long x = list.get(i);
      for (int j = 0; j < i; j++) {
        if (list.get(j) == x) {
          return false;
        }
      }
    }
    return true;
  }

  private static void checkNotFragment(BundleBlocks bundle) {
    if (bundle.primary().isFragment()) {
      throw BpsecException.conflicting("no BIB or BCB may be added to a fragment (RFC 9172 §5.2)");
    }
  }

  private static void checkTargetExists(BundleBlocks bundle, long t) {
    if (!bundle.exists(t)) {
      throw BpsecException.conflicting(
          "security target " + Long.toUnsignedString(t) + " is not in the bundle (RFC 9172 §3.6)");
    }
  }

  /** RFC 9173 §3.8.1, §4.8.1: a target's CRC is removed before the operation. */
  private static BundleBlocks withoutCrcs(BundleBlocks bundle, List<Long> targets) {
    BundleBlocks b = bundle;
    for (long t : targets) {
      if (t == 0) {
        if (b.primary().crcType() != CrcType.NONE) {
          b = b.withPrimary(b.primary().withCrcType(CrcType.NONE));
        }
      } else {
        CanonicalBlock block = b.block(t);
        if (block.crcType() != CrcType.NONE) {
          b = b.replace(block.withCrcType(CrcType.NONE));
        }
      }
    }
    return b;
  }

  // ---------------------------------------------------------------------------------------------
  // Security verifier and acceptor

  /**
   * Verifies the integrity operation of {@code bib} on {@code target} and leaves it in place (a
   * security verifier, RFC 9172 §5.1.2). {@code key} is the key-encryption key when the BIB carries
   * a wrapped key, else the HMAC key.
   *
   * @throws BpsecException failed (HMAC mismatch, unwrap failure), unknown (context or parameter),
   *     conflicting (the target is still encrypted)
   */
  public void verifyIntegrity(
      BundleBlocks bundle, SecurityBlock bib, long target, SecurityKey key) {
    if (!bib.isIntegrity()) {
      throw new IllegalArgumentException(bib.describe() + " is not a BIB");
    }
    if (bib.asb().contextId() != BibHmacSha2.CONTEXT_ID) {
      throw BpsecException.unknown(
          bib.describe()
              + " uses security context "
              + Long.toUnsignedString(bib.asb().contextId())
              + ", not BIB-HMAC-SHA2 (1)");
    }
    List<CanonicalBlock> blocks = bundle.blocks();
    for (int i = 0; i < blocks.size(); i++) {
      CanonicalBlock b = blocks.get(i);
      if (b.type() == BlockType.BLOCK_CONFIDENTIALITY) {
        AbstractSecurityBlock bcb = decode(b);
        if (bcb.indexOfTarget(target) >= 0 || bcb.indexOfTarget(bib.number()) >= 0) {
          throw BpsecException.conflicting(
              bib.describe()
                  + " cannot be checked: BCB "
                  + Long.toUnsignedString(b.number())
                  + " still encrypts it or its target (RFC 9172 §3.9)");
        }
      }
    }
    BibHmacSha2.Parameters parameters = BibHmacSha2.Parameters.of(bib.asb());
    byte[] hmacKey =
        parameters.wrappedKey() != null
            ? primitives.unwrapKey(key.bytes(), parameters.wrappedKey())
            : key.bytes();
    BibHmacSha2.verify(
        primitives,
        parameters,
        hmacKey,
        bundle,
        target,
        bib.number(),
        bib.block().flags(),
        bib.asb().resultsFor(target));
  }

  /**
   * Verifies and removes the integrity operation of {@code bib} on {@code target} (a security
   * acceptor, RFC 9172 §5.1.2); the BIB goes when it has no operation left. When {@code restoreCrc}
   * (the acceptor is not the destination, RFC 9173 §3.8.2), a target left without integrity service
   * gets a CRC-32C.
   */
  public BundleBlocks acceptIntegrity(
      BundleBlocks bundle, SecurityBlock bib, long target, SecurityKey key, boolean restoreCrc) {
    verifyIntegrity(bundle, bib, target, key);
    BundleBlocks b = removeOperation(bundle, bib, target);
    return restoreCrc ? withCrc(b, target) : b;
  }

  /**
   * Whether {@code bundle} still holds a BIB or BCB. While one does, the primary block keeps the
   * CRC type it had when the operations were added: its canonical form, CRC type included, may be
   * in their IPPT or AAD (scope flag bit 0).
   */
  private static boolean hasSecurityBlocks(BundleBlocks bundle) {
    for (CanonicalBlock x : bundle.blocks()) {
      if (x.type() == BlockType.BLOCK_INTEGRITY || x.type() == BlockType.BLOCK_CONFIDENTIALITY) {
        return true;
      }
    }
    return false;
  }

  /**
   * Decrypts {@code target} and removes the confidentiality operation of {@code bcb} on it (a
   * security acceptor, RFC 9172 §5.1.1; RFC 9173 §4.8.2). {@code key} is the key-encryption key
   * when the BCB carries a wrapped key, else the content-encryption key.
   *
   * @throws BpsecException failed (does not authenticate, unwrap failure), unknown (context or
   *     parameter), missing (no IV or tag)
   */
  public BundleBlocks acceptConfidentiality(
      BundleBlocks bundle, SecurityBlock bcb, long target, SecurityKey key, boolean restoreCrc) {
    if (bcb.isIntegrity()) {
      throw new IllegalArgumentException(bcb.describe() + " is not a BCB");
    }
    if (bcb.asb().contextId() != BcbAesGcm.CONTEXT_ID) {
      throw BpsecException.unknown(
          bcb.describe()
              + " uses security context "
              + Long.toUnsignedString(bcb.asb().contextId())
              + ", not BCB-AES-GCM (2)");
    }
    BcbAesGcm.Parameters parameters = BcbAesGcm.Parameters.of(bcb.asb());
    byte[] cek =
        parameters.wrappedKey() != null
            ? primitives.unwrapKey(key.bytes(), parameters.wrappedKey())
            : key.bytes();
    CanonicalBlock block = bundle.block(target);
    if (block == null) {
      throw BpsecException.conflicting(
          bcb.describe()
              + " targets block "
              + Long.toUnsignedString(target)
              + ", not in the bundle");
    }
    byte[] tag = BcbAesGcm.tag(bcb.asb().resultsFor(target), target);
    CanonicalBlock decrypted =
        BcbAesGcm.open(
            primitives,
            parameters,
            cek,
            bundle,
            block,
            bcb.number(),
            bcb.block().flags(),
            tag,
            this::newFile);
    try {
      BundleBlocks b = bundle.replace(decrypted);
      b = removeOperation(b, bcb, target);
      if (restoreCrc && block.type() != BlockType.BLOCK_INTEGRITY && !signed(b, target)) {
        b = withCrc(b, target);
      }
      return b;
    } catch (RuntimeException e) {
      deleteNewFile(decrypted, e);
      throw e;
    }
  }

  /**
   * Whether a BIB of {@code b} may sign {@code target}: one that lists it, or one that a BCB still
   * encrypts (a security verifier decrypts a BCB's targets without removing it, so a BIB it covers
   * stays ciphertext, RFC 9172 §3.9), whose targets cannot be known.
   */
  private boolean signed(BundleBlocks b, long target) {
    List<CanonicalBlock> blocks = b.blocks();
    for (int i = 0; i < blocks.size(); i++) {
      CanonicalBlock x = blocks.get(i);
      // BIBs and BCBs are in memory: only a payload block has a file
      if (x.type() == BlockType.BLOCK_INTEGRITY
          && (encrypted(b, x.number())
              || AbstractSecurityBlock.decode(x.data(), limits).indexOfTarget(target) >= 0)) {
        return true;
      }
    }
    return false;
  }

  /** Whether a BCB of {@code b} targets block {@code number}. */
  private boolean encrypted(BundleBlocks b, long number) {
    for (CanonicalBlock x : b.blocks()) {
      if (x.type() == BlockType.BLOCK_CONFIDENTIALITY && decode(x).indexOfTarget(number) >= 0) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@code bundle} without the operation of {@code security} on {@code target}, and without the
   * security block if that was its last operation (RFC 9172 §5.1.1-2).
   */
  public static BundleBlocks removeOperation(
      BundleBlocks bundle, SecurityBlock security, long target) {
    AbstractSecurityBlock rest = security.asb().withoutTarget(target);
    if (rest == null) {
      return bundle.remove(security.number());
    }
    return bundle.replace(security.block().withData(ByteBuffer.wrap(rest.encode())));
  }

  /**
   * {@code bundle} without {@code target} and without every operation on it (RFC 9172 §5.1.1: a
   * target that cannot be decrypted is discarded with its security blocks). The payload block and
   * the primary block cannot be discarded: the caller deletes the bundle instead.
   */
  public BundleBlocks discardTarget(BundleBlocks bundle, long target) {
    if (target == 0 || target == 1) {
      throw new IllegalArgumentException(
          "the primary and payload blocks cannot be discarded: delete the bundle");
    }
    BundleBlocks b = bundle.remove(target);
    for (CanonicalBlock x : bundle.blocks()) {
      if (x.type() != BlockType.BLOCK_INTEGRITY && x.type() != BlockType.BLOCK_CONFIDENTIALITY) {
        continue;
      }
      if (x.number() == target || b.block(x.number()) == null) {
        continue;
      }
      AbstractSecurityBlock asb;
      try {
        asb = AbstractSecurityBlock.decode(x.data(), limits);
      } catch (BpsecException e) {
        continue; // an encrypted BIB: its BCB is handled on its own
      }
      if (asb.indexOfTarget(target) >= 0) {
        b = removeOperation(b, new SecurityBlock(b.block(x.number()), asb), target);
      }
    }
    return b;
  }

  /**
   * {@code b} with a CRC-32C on {@code target} if it has none (RFC 9173 §3.8.2, §4.8.2), and on the
   * primary block once no security block is left (see {@link #hasSecurityBlocks}).
   */
  private static BundleBlocks withCrc(BundleBlocks b, long target) {
    if (!hasSecurityBlocks(b) && b.primary().crcType() == CrcType.NONE) {
      b = b.withPrimary(b.primary().withCrcType(CrcType.CRC32C));
    }
    if (target == 0) {
      return b;
    }
    CanonicalBlock block = b.block(target);
    if (block == null || block.crcType() != CrcType.NONE) {
      return b;
    }
    return b.replace(block.withCrcType(CrcType.CRC32C));
  }
}
