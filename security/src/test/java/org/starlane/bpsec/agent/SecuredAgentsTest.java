package org.starlane.bpsec.agent;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.starlane.bp.testing.LargePayloads.filesIn;
import static org.starlane.bp.testing.LargePayloads.marker;
import static org.starlane.bp.testing.LargePayloads.sha256;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
import org.starlane.bp.testing.InMemoryConvergenceLayer;
import org.starlane.bp.testing.PeakHeap;
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
 *
 * <p>The same line carries a large payload file (docs/agent.md and docs/bpsec.md, "Large
 * payloads"): a sparse file of 250 MB (4.5 GiB with the Maven profile {@code large-payloads}, whose
 * test JVM has {@code -Xmx2g}) is signed and encrypted into a file at A, crosses the wires as files
 * and is decrypted and verified into a file at C, which delivers a file with the source's SHA-256;
 * the heap's peak use stays far below the payload's size.
 */
class SecuredAgentsTest {
  private static final Logger LOG = LoggerFactory.getLogger(SecuredAgentsTest.class);
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

  /**
   * Where the nodes keep payload files (docs/agent.md, "Large payloads"): {@code nodeN} is node N's
   * payload directory, {@code wireN} its outgoing wire files, {@code received.bin} the file an
   * application takes at delivery; null: bundles in memory only.
   */
  Path files;

  final class Node {
    final BundleProtocolAgent agent;
    final InMemoryConvergenceLayer cl;
    final List<BundleStatusReport> reports = new ArrayList<>();
    final List<Bundle> delivered = new ArrayList<>();
    final Path payloads;

    Node(long number, StaticRoutingTable routes, Properties policy, SymmetricKeyStore keys) {
      EndpointId id = EndpointId.parse("ipn:" + number + ".0");
      cl = new InMemoryConvergenceLayer(id, time);
      PolicySecurityProcessor security =
          new PolicySecurityProcessor(id, SecurityPolicy.of(policy), keys);
      BundleProtocolAgent.Builder builder =
          BundleProtocolAgent.builder(number, time)
              .router(routes)
              .statusReportsEnabled(true)
              .administrativeRecordListener(
                  (bundle, record) -> {
                    if (record instanceof BundleStatusReport r) {
                      reports.add(r);
                    }
                  });
      if (files != null) {
        try {
          payloads = Files.createDirectories(files.resolve("node" + number));
          cl.wireDirectory = Files.createDirectories(files.resolve("wire" + number));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        cl.payloadDirectory = payloads;
        security = security.withPayloadDirectory(payloads);
        builder.payloadDirectory(payloads);
      } else {
        payloads = null;
      }
      agent = builder.security(security).build();
    }

    /**
     * Registers service 1; a delivered file-backed payload is hard-linked to {@code received.bin},
     * as an application keeps the file the agent deletes after delivery.
     */
    void registerService1() {
      agent.register(
          EndpointId.parse("ipn:" + agent.nodeId().node() + ".1"),
          bundle -> {
            delivered.add(bundle);
            if (bundle.payloadBlock().isFileBacked()) {
              try {
                Files.createLink(
                    files.resolve("received.bin"), bundle.payloadBlock().dataFile().path());
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            }
          },
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
  InMemoryConvergenceLayer.MemoryLink ab;
  InMemoryConvergenceLayer.MemoryLink bc;

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
    InMemoryConvergenceLayer.Connection aAndB = InMemoryConvergenceLayer.connect(a.cl, b.cl, DELAY);
    InMemoryConvergenceLayer.Connection bAndC = InMemoryConvergenceLayer.connect(b.cl, c.cl, DELAY);
    aAndB.up();
    bAndC.up();
    ab = aAndB.ab();
    bc = bAndC.ab();
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
    for (InMemoryConvergenceLayer.MemoryLink w : List.of(ab, bc)) {
      assertThat(w.sentEncoded).hasSize(1);
      byte[] wire = w.sentEncoded.get(0);
      assertThat(contains(wire, SECRET)).isFalse();
      Bundle onWire = BundleCodec.DEFAULT.decode(wire);
      assertThat(onWire.firstBlockOfType(BlockType.BLOCK_INTEGRITY)).isPresent();
      assertThat(onWire.firstBlockOfType(BlockType.BLOCK_CONFIDENTIALITY)).isPresent();
    }
    // the relay verified without accepting: it forwarded the BIB unchanged
    Bundle atA = BundleCodec.DEFAULT.decode(ab.sentEncoded.get(0));
    Bundle atB = BundleCodec.DEFAULT.decode(bc.sentEncoded.get(0));
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
    Bundle atB = BundleCodec.DEFAULT.decode(ab.sentEncoded.get(0));
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
    assertThat(bc.sentEncoded).isEmpty();
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
    assertThat(bc.sentEncoded).hasSize(1);
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
    assertThat(ab.sentEncoded.size()).isGreaterThan(1);
    for (byte[] fragment : ab.sentEncoded) {
      Bundle f = BundleCodec.DEFAULT.decode(fragment);
      assertThat(f.primary().isFragment()).isTrue();
      // RFC 9172 §3.8: the BCB over the payload is replicated in every fragment
      assertThat(f.firstBlockOfType(BlockType.BLOCK_CONFIDENTIALITY)).isPresent();
    }
    assertThat(a.reports).isEmpty();
    assertThat(c.delivered).hasSize(1);
    assertThat(c.delivered.get(0).payload()).isEqualTo(ByteBuffer.wrap(big));
  }

  // ---------------------------------------------------------------------------------------------
  // Large payloads: file-backed from end to end

  @TempDir Path temp;

  @Test
  void a250MegabytePayloadFileIsSignedEncryptedVerifiedInTransitAndDeliveredWithItsSha256()
      throws Exception {
    long size = 250_000_000L;
    long millis = sendLargeFile(size, List.of(0L, 123_456_789L, size - 16));
    long peak = PeakHeap.bytes();
    LOG.info("secured 250 MB end to end: {} ms, peak heap {} bytes", millis, peak);
    assertThat(peak)
        .as("peak heap use while a %d-byte payload was secured through three nodes", size)
        .isLessThan(size / 4);
  }

  @Test
  @EnabledIfSystemProperty(named = "starlane.largePayloads", matches = "true")
  void a4point5GibibytePayloadFileIsSecuredEndToEndWithoutHoldingItInTheHeap() throws Exception {
    long size = 4L * 1024 * 1024 * 1024 + 512L * 1024 * 1024;
    assertThat(Runtime.getRuntime().maxMemory()).isLessThan(size / 2);
    long millis = sendLargeFile(size, List.of(0L, (1L << 31) - 8, (1L << 32) - 8, size - 16));
    LOG.info("secured 4.5 GiB end to end: {} ms, peak heap {} bytes", millis, PeakHeap.bytes());
  }

  /**
   * Sends a sparse file of {@code size} bytes with 16-byte markers at {@code markers} from A to C
   * and checks what arrives, what crossed the wires and which files are left; returns the time it
   * took.
   */
  private long sendLargeFile(long size, List<Long> markers) throws Exception {
    long started = System.nanoTime();
    files = temp;
    line();
    Path source = temp.resolve("source.bin");
    try (RandomAccessFile f = new RandomAccessFile(source.toFile(), "rw")) {
      f.setLength(size);
      for (long at : markers) {
        f.seek(at);
        f.write(marker(at));
      }
    }
    byte[] expected = sha256(source);
    PeakHeap.reset(); // the agents are built and the providers loaded: from here on, the payload
    List<Path> wireFiles = new ArrayList<>();
    for (InMemoryConvergenceLayer.MemoryLink w : List.of(ab, bc)) {
      // only watches: the payload must not cross in clear
      w.tamperWireFile =
          file -> {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
              ByteBuffer head = ByteBuffer.allocate(1 << 16);
              ch.read(head, 0);
              assertThat(contains(Arrays.copyOf(head.array(), head.position()), marker(0)))
                  .as("the payload's first bytes in clear on the wire")
                  .isFalse();
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
            wireFiles.add(file);
          };
    }

    a.agent.transmit(
        EndpointId.parse("ipn:1.1"),
        EndpointId.parse("ipn:3.1"),
        source,
        TransmitOptions.DEFAULT.withReports(EndpointId.parse("ipn:1.0"), BundleStatus.DELETED));
    Files.delete(source); // the application may delete its file once transmit returned
    time.runUntilIdle();

    assertThat(a.reports).isEmpty();
    assertThat(wireFiles).hasSize(2);
    for (InMemoryConvergenceLayer.MemoryLink w : List.of(ab, bc)) {
      assertThat(w.sentFromFiles)
          .singleElement()
          .satisfies(
              x -> {
                assertThat(x.payloadBlock().isFileBacked()).isTrue();
                assertThat(x.payloadBlock().dataSizeBytes()).isEqualTo(size);
                assertThat(x.firstBlockOfType(BlockType.BLOCK_INTEGRITY)).isPresent();
                assertThat(x.firstBlockOfType(BlockType.BLOCK_CONFIDENTIALITY)).isPresent();
              });
    }
    assertThat(c.delivered).singleElement();
    Bundle got = c.delivered.get(0);
    assertThat(got.firstBlockOfType(BlockType.BLOCK_INTEGRITY)).isEmpty();
    assertThat(got.firstBlockOfType(BlockType.BLOCK_CONFIDENTIALITY)).isEmpty();
    Path received = temp.resolve("received.bin");
    assertThat(Files.size(received)).isEqualTo(size);
    try (FileChannel ch = FileChannel.open(received, StandardOpenOption.READ)) {
      for (long at : markers) {
        ByteBuffer m = ByteBuffer.allocate(16);
        ch.read(m, at);
        assertThat(m.array()).as("marker at %d", at).isEqualTo(marker(at));
      }
    }
    assertThat(sha256(received)).isEqualTo(expected);

    // who deletes what (docs/bpsec.md, "Large payloads")
    assertThat(filesIn(b.payloads)).as("relay: forwarded, its received file deleted").isEmpty();
    assertThat(filesIn(c.payloads))
        .as("destination: the received ciphertext deleted by the agent, the delivered file")
        .isEmpty();
    Path outgoing = ab.sentFromFiles.get(0).payloadBlock().dataFile().path();
    assertThat(outgoing)
        .as("the link sent a ciphertext file of the source's")
        .startsWithRaw(a.payloads);
    assertThat(filesIn(a.payloads))
        .as("source: the ciphertext file made for the send deleted once the send concluded")
        .isEmpty();
    for (int n = 1; n <= 3; n++) {
      assertThat(filesIn(temp.resolve("wire" + n))).isEmpty();
    }
    return (System.nanoTime() - started) / 1_000_000;
  }

  @Test
  void aLargeCiphertextChangedOnTheWireIsDroppedAtTheDestinationAndLeavesNoPlaintextFile()
      throws Exception {
    files = temp;
    line();
    Path source = temp.resolve("source.bin");
    byte[] data = new byte[5_000_000];
    new java.util.Random(3).nextBytes(data);
    Files.write(source, data);
    bc.tamperWireFile =
        file -> {
          try (FileChannel ch =
              FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long at = ch.size() / 2; // inside the payload's data, which has no CRC any more
            ByteBuffer one = ByteBuffer.allocate(1);
            ch.read(one, at);
            one.put(0, (byte) (one.get(0) ^ 0x10));
            ch.write(one.rewind(), at);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        };

    a.agent.transmit(
        EndpointId.parse("ipn:1.1"),
        EndpointId.parse("ipn:3.1"),
        source,
        TransmitOptions.DEFAULT.withReports(EndpointId.parse("ipn:1.0"), BundleStatus.DELETED));
    time.runUntilIdle();

    assertThat(bc.sentFromFiles).hasSize(1);
    assertThat(c.delivered).isEmpty();
    assertThat(a.reports).singleElement();
    assertThat(a.reports.get(0).asserts(BundleStatus.DELETED)).isTrue();
    assertThat(a.reports.get(0).reason()).isEqualTo(StatusReportReason.FAILED_SECURITY_OPERATION);
    assertThat(filesIn(c.payloads)).as("no plaintext file, no received file").isEmpty();
    assertThat(filesIn(b.payloads)).isEmpty();
  }
}
