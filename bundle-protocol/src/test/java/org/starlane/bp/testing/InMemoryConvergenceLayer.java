package org.starlane.bp.testing;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.starlane.bp.bundle.Bundle;
import org.starlane.bp.bundle.BundleCodec;
import org.starlane.bp.eid.EndpointId;
import org.starlane.bp.spi.ConvergenceLayer;
import org.starlane.bp.spi.Link;
import org.starlane.bp.spi.Scheduler;
import org.starlane.bp.spi.SendResult;

/**
 * A convergence layer for tests: links between agents that share one (virtual-time) scheduler. A
 * bundle is encoded (RFC 9171 §4), and after the link's delay decoded at the peer, so it crosses a
 * real wire format. A link can be taken down, cut in the middle of a send ({@link
 * MemoryLink#cutNextSend}), limited in bundle size, and tampered with in flight (an attacker on the
 * path: {@link MemoryLink#tamper}, {@link MemoryLink#tamperWireFile}). Confined to the scheduler's
 * thread.
 *
 * <p>A bundle with a file-backed payload crosses as a file instead: when it is sent (so the
 * sender's payload file is read before the send completes) the streaming encoder writes it into a
 * temporary (sparse) wire file in {@link #wireDirectory}, and at the peer the streaming decoder
 * writes its payload into the peer's {@link #payloadDirectory} (the peer agent's payload directory,
 * so the peer agent owns it). The heap never holds the payload.
 */
public final class InMemoryConvergenceLayer implements ConvergenceLayer {
  private final EndpointId nodeId;
  private final Scheduler scheduler;
  private final List<MemoryLink> links = new ArrayList<>();
  private Listener listener;

  /** Where this layer writes wire files of file-backed bundles; null: in-memory bundles only. */
  public Path wireDirectory;

  /** Where a peer's decoder puts the payloads over {@link #FILE_THRESHOLD_BYTES} it receives. */
  public Path payloadDirectory;

  /** Payload data above this goes to a file when decoding a wire file. */
  public static final int FILE_THRESHOLD_BYTES = 64 * 1024;

  public InMemoryConvergenceLayer(EndpointId nodeId, Scheduler scheduler) {
    this.nodeId = nodeId;
    this.scheduler = scheduler;
  }

  /** Two links, a to b and b to a, initially down; {@link Connection#up()} brings both up. */
  public static Connection connect(
      InMemoryConvergenceLayer a, InMemoryConvergenceLayer b, Duration delay) {
    MemoryLink ab = a.new MemoryLink(b, delay);
    MemoryLink ba = b.new MemoryLink(a, delay);
    ab.reverse = ba;
    ba.reverse = ab;
    a.links.add(ab);
    b.links.add(ba);
    return new Connection(ab, ba);
  }

  /** Both directions of a connection. */
  public record Connection(MemoryLink ab, MemoryLink ba) {
    public void up() {
      ab.setUp(true);
      ba.setUp(true);
    }

    public void down() {
      ab.setUp(false);
      ba.setUp(false);
    }
  }

  @Override
  public String name() {
    return "memory";
  }

  @Override
  public void start(Listener newListener) {
    if (listener != null) {
      throw new IllegalStateException("started already");
    }
    listener = newListener;
    for (MemoryLink link : links) {
      if (link.up) {
        listener.linkUp(link);
      }
    }
  }

  @Override
  public void stop() {
    for (MemoryLink link : links) {
      link.setUp(false);
    }
    listener = null;
  }

  /** One direction of a connection. */
  public final class MemoryLink implements Link {
    private final InMemoryConvergenceLayer peer;
    private final Duration delay;

    /** The other direction. */
    public MemoryLink reverse;

    private boolean up;

    /** The largest bundle this link takes; a bigger send is a bug of the sender and throws. */
    public OptionalLong maxBundleSizeBytes = OptionalLong.empty();

    /** Every bundle sent, in memory or as a file, cut or not, as it left this node. */
    public final List<Bundle> sent = new ArrayList<>();

    /** The encodings of the in-memory bundles sent, as they left this node (before tampering). */
    public final List<byte[]> sentEncoded = new ArrayList<>();

    /** The file-backed bundles sent, as they left this node. */
    public final List<Bundle> sentFromFiles = new ArrayList<>();

    /** Bytes sent as wire files. */
    public long wireBytes;

    /** The encoded size of every send, cut or not, in order. */
    public final List<Long> encodedSizes = new ArrayList<>();

    /** How the next send is cut, or null: it goes through. */
    private Cut nextCut;

    /**
     * What an attacker does to an in-memory bundle in flight; null: nothing (it is not decoded).
     */
    public UnaryOperator<Bundle> tamper;

    /** What an attacker does to the wire file of a file-backed bundle in flight. */
    public Consumer<Path> tamperWireFile = file -> {};

    /**
     * Cuts the next send: the peer gets the first {@code receivedPayloadOctets} payload octets of
     * its encoding (and everything before them) as the prefix of a cut transfer, none if not
     * positive and the header is not all there; the send fails with the encoding's prefix up to
     * {@code acknowledgedPayloadOctets} payload octets acknowledged. Both count from the first
     * octet of the payload's data in the bytes that are sent ({@link
     * BundleCodec#payloadDataOffset}); negative values cut inside the blocks before it.
     */
    public void cutNextSend(long acknowledgedPayloadOctets, long receivedPayloadOctets) {
      nextCut = new Cut(acknowledgedPayloadOctets, receivedPayloadOctets);
    }

    MemoryLink(InMemoryConvergenceLayer peer, Duration delay) {
      this.peer = peer;
      this.delay = delay;
    }

    /** Brings this direction up or down, telling the agent if the layer is started. */
    public void setUp(boolean value) {
      if (up == value) {
        return;
      }
      up = value;
      if (listener != null) {
        if (value) {
          listener.linkUp(this);
        } else {
          listener.linkDown(this);
        }
      }
    }

    @Override
    public EndpointId peerNodeId() {
      return peer.nodeId;
    }

    @Override
    public boolean isUp() {
      return up;
    }

    @Override
    public OptionalLong maxBundleSizeBytes() {
      return maxBundleSizeBytes;
    }

    @Override
    public CompletionStage<SendResult> send(Bundle bundle) {
      if (!up) {
        return CompletableFuture.completedFuture(new SendResult.Refused("link down"));
      }
      if (bundle.payloadBlock().isFileBacked()) {
        return sendThroughFile(bundle);
      }
      byte[] bytes = BundleCodec.DEFAULT.encode(bundle);
      if (maxBundleSizeBytes.isPresent() && bytes.length > maxBundleSizeBytes.getAsLong()) {
        throw new IllegalStateException(
            bytes.length + " bytes exceed the maximum bundle size " + maxBundleSizeBytes);
      }
      sent.add(bundle);
      sentEncoded.add(bytes);
      encodedSizes.add((long) bytes.length);
      byte[] onWire =
          tamper == null
              ? bytes
              : BundleCodec.DEFAULT.encode(tamper.apply(BundleCodec.DEFAULT.decode(bytes)));
      CompletableFuture<SendResult> result = new CompletableFuture<>();
      Cut cut = nextCut;
      nextCut = null;
      if (cut != null) {
        long dataOffset = BundleCodec.payloadDataOffset(bundle);
        long received = Math.max(0, Math.min(bytes.length, dataOffset + cut.receivedPayloadOctets));
        long acknowledged = Math.max(0, dataOffset + cut.acknowledgedPayloadOctets);
        scheduler.schedule(
            delay,
            () -> {
              if (received > 0 && peer.listener != null) {
                peer.listener.bundlePrefixReceived(
                    reverse, java.util.Arrays.copyOf(bytes, (int) received));
              }
              result.complete(
                  new SendResult.Failed(
                      new IOException("cut after " + received + " octets"), acknowledged));
            });
        return result;
      }
      scheduler.schedule(
          delay,
          () -> {
            if (!up || peer.listener == null) {
              result.complete(new SendResult.Refused("link went down during the transfer"));
              return;
            }
            peer.listener.bundleReceived(reverse, BundleCodec.DEFAULT.decode(onWire));
            result.complete(SendResult.SENT);
          });
      return result;
    }

    private CompletionStage<SendResult> sendThroughFile(Bundle bundle) {
      Path wire;
      long size;
      try {
        wire = Files.createTempFile(wireDirectory, "wire-", ".bundle");
        try (OutputStream out = new SparseFileOutputStream(wire)) {
          BundleCodec.DEFAULT.encode(bundle, out);
        }
        size = Files.size(wire);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      if (maxBundleSizeBytes.isPresent() && size > maxBundleSizeBytes.getAsLong()) {
        throw new IllegalStateException(
            size + " bytes exceed the maximum bundle size " + maxBundleSizeBytes);
      }
      sent.add(bundle);
      sentFromFiles.add(bundle);
      tamperWireFile.accept(wire);
      wireBytes += size;
      encodedSizes.add(size);
      CompletableFuture<SendResult> result = new CompletableFuture<>();
      Cut cut = nextCut;
      nextCut = null;
      if (cut != null) {
        long dataOffset = BundleCodec.payloadDataOffset(bundle);
        int received = (int) Math.max(0, Math.min(size, dataOffset + cut.receivedPayloadOctets));
        long acknowledged = Math.max(0, dataOffset + cut.acknowledgedPayloadOctets);
        byte[] prefix = new byte[received];
        try (InputStream in = Files.newInputStream(wire)) {
          in.readNBytes(prefix, 0, received);
          Files.delete(wire);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        scheduler.schedule(
            delay,
            () -> {
              if (received > 0 && peer.listener != null) {
                peer.listener.bundlePrefixReceived(reverse, prefix);
              }
              result.complete(
                  new SendResult.Failed(
                      new IOException("cut after " + received + " octets"), acknowledged));
            });
        return result;
      }
      scheduler.schedule(
          delay,
          () -> {
            try {
              if (!up || peer.listener == null) {
                result.complete(new SendResult.Refused("link went down during the transfer"));
                return;
              }
              Bundle decoded;
              try (InputStream in = new BufferedInputStream(Files.newInputStream(wire), 1 << 16)) {
                decoded =
                    BundleCodec.DEFAULT.decode(
                        in, peer.payloadDirectory, FILE_THRESHOLD_BYTES, Long.MAX_VALUE);
              }
              peer.listener.bundleReceived(reverse, decoded);
              result.complete(SendResult.SENT);
            } catch (IOException e) {
              result.completeExceptionally(e);
            } finally {
              try {
                Files.deleteIfExists(wire);
              } catch (IOException e) {
                result.completeExceptionally(e);
              }
            }
          });
      return result;
    }

    @Override
    public String toString() {
      return "MemoryLink[" + nodeId + " -> " + peer.nodeId + "]";
    }
  }

  /** How a send is cut: see {@link MemoryLink#cutNextSend}. */
  private record Cut(long acknowledgedPayloadOctets, long receivedPayloadOctets) {}
}
