package org.starlane.cl.tcpcl;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.starlane.bp.bundle.Bundle;
import org.starlane.bp.eid.EndpointId;
import org.starlane.bp.spi.ReceiveResult;
import org.starlane.bp.spi.SendResult;

/**
 * Two sessions wired back to back through {@link EmbeddedChannel}s (deterministic, paranoid leak
 * detection): whatever the receiver's Segment MRU and the bundle sizes, the sender segments within
 * the MRU (RFC 9174 §5.2, §5.2.2), the receiver reassembles every bundle intact and acknowledges
 * it, and each send completes as sent.
 */
class TcpclSegmentationProperties {

  private static final class Owner implements TcpclSession.Owner {
    final List<Bundle> received = new ArrayList<>();
    boolean established;

    @Override
    public void established(TcpclSession session) {
      established = true;
    }

    @Override
    public void linkDown(TcpclSession session) {}

    @Override
    public void closed(TcpclSession session, boolean wasEstablished) {}

    @Override
    public CompletionStage<ReceiveResult> bundleReceived(TcpclSession session, Bundle bundle) {
      received.add(bundle);
      return CompletableFuture.completedFuture(ReceiveResult.ACCEPTED);
    }

    @Override
    public void bundlePrefixReceived(TcpclSession session, byte[] prefix) {
      throw new AssertionError("no transfer is cut here, yet " + prefix.length + " octets came");
    }
  }

  @Property(tries = 40)
  void anySegmentMruCarriesEveryBundleIntact(
      @ForAll @IntRange(min = 256, max = 70_000) int segmentMru,
      @ForAll @Size(min = 1, max = 3) List<@IntRange(min = 0, max = 40_000) Integer> sizes) {
    carry(segmentMru, sizes);
  }

  /** Tiny MRUs, down to one octet per segment (small bundles keep the segment count sane). */
  @Property(tries = 20)
  void tinySegmentMrusCarryEveryBundleIntact(
      @ForAll @IntRange(min = 1, max = 256) int segmentMru,
      @ForAll @Size(min = 1, max = 3) List<@IntRange(min = 0, max = 200) Integer> sizes) {
    carry(segmentMru, sizes);
  }

  private static void carry(int segmentMru, List<Integer> payloadSizes) {
    TcpclConfig sender =
        TcpclConfig.builder(EndpointId.ipn(1, 0))
            .keepaliveSeconds(0)
            .sendSegmentBytes(1 << 20)
            .build();
    TcpclConfig receiver =
        TcpclConfig.builder(EndpointId.ipn(2, 0))
            .keepaliveSeconds(0)
            .limits(new TcpclLimits(segmentMru, 1024, 4096))
            .build();
    Owner senderOwner = new Owner();
    Owner receiverOwner = new Owner();
    TcpclSession active = new TcpclSession(sender, true, Optional.empty(), senderOwner);
    TcpclSession passive = new TcpclSession(receiver, false, Optional.empty(), receiverOwner);
    EmbeddedChannel a = new EmbeddedChannel(new ContactHeaderDecoder(), active);
    EmbeddedChannel b = new EmbeddedChannel(new ContactHeaderDecoder(), passive);
    ByteBuf wire = Unpooled.buffer();
    try {
      shuttle(a, b, wire);
      assertThat(senderOwner.established).isTrue();
      assertThat(receiverOwner.established).isTrue();
      TcpclLink link = new TcpclLink(active, sender);
      List<Bundle> bundles = new ArrayList<>();
      List<CompletableFuture<SendResult>> sends = new ArrayList<>();
      for (int i = 0; i < payloadSizes.size(); i++) {
        Bundle bundle = RecordingListener.bundle(payloadSizes.get(i), i);
        bundles.add(bundle);
        sends.add(link.send(bundle).toCompletableFuture());
      }
      shuttle(a, b, wire);
      assertThat(receiverOwner.received).isEqualTo(bundles);
      assertThat(sends).allSatisfy(s -> assertThat(s).isCompletedWithValue(SendResult.SENT));
      // on the wire: the contact header, SESS_INIT, then segments no longer than the MRU
      TcpclFrames frames =
          new TcpclFrames(new TcpclLimits(TcpclLimits.MAX_SEGMENT_BYTES, 1024, 4096));
      assertThat(ContactHeader.readFrom(wire)).isEqualTo(ContactHeader.v4(false));
      assertThat(frames.read(wire)).isInstanceOf(TcpclMessage.SessInit.class);
      long expectedId = 0;
      int segments = 0;
      TcpclMessage m;
      while ((m = frames.read(wire)) != null) {
        TcpclMessage.XferSegment s = (TcpclMessage.XferSegment) m;
        assertThat(s.dataLength()).isLessThanOrEqualTo(segmentMru);
        assertThat(s.transferId()).isEqualTo(expectedId);
        if (s.isEnd()) {
          expectedId++;
        }
        segments++;
      }
      assertThat(expectedId).isEqualTo(bundles.size());
      assertThat(segments).isGreaterThanOrEqualTo(bundles.size());
    } finally {
      wire.release();
      a.finishAndReleaseAll();
      b.finishAndReleaseAll();
    }
  }

  /** Moves octets both ways until both channels are quiet; copies a's output into {@code wire}. */
  private static void shuttle(EmbeddedChannel a, EmbeddedChannel b, ByteBuf wire) {
    boolean moved = true;
    while (moved) {
      moved = false;
      a.runPendingTasks();
      b.runPendingTasks();
      Object o;
      while ((o = a.readOutbound()) != null) {
        ByteBuf buf = (ByteBuf) o;
        wire.writeBytes(buf, buf.readerIndex(), buf.readableBytes());
        b.writeInbound(buf);
        moved = true;
      }
      while ((o = b.readOutbound()) != null) {
        a.writeInbound(o);
        moved = true;
      }
    }
  }
}
