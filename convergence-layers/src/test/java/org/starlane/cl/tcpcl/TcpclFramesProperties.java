package org.starlane.cl.tcpcl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.starlane.cl.tcpcl.TcpclMessage.SessInit;
import org.starlane.cl.tcpcl.TcpclMessage.XferSegment;

/** Round trips and rejection of damaged input for {@link TcpclFrames} (RFC 9174 §4.5–§6.1). */
class TcpclFramesProperties {
  private static final TcpclLimits LIMITS = new TcpclLimits(1 << 16, 1024, 4096);
  private final TcpclFrames frames = new TcpclFrames(LIMITS);

  @Provide
  Arbitrary<TcpclMessage> messages() {
    return TcpclArbitraries.messages();
  }

  @Provide
  Arbitrary<List<TcpclMessage>> messageLists() {
    return TcpclArbitraries.messages().list().ofMinSize(1).ofMaxSize(6);
  }

  /** A reserved-flag-free message reads back equal; unknown reason codes map to Unknown. */
  @Property
  void readingAWrittenMessageGivesTheSameMessage(@ForAll("messages") TcpclMessage m) {
    byte[] bytes = TcpclFrames.toBytes(m);
    ByteBuf in = Unpooled.wrappedBuffer(bytes);
    TcpclMessage read = frames.read(in);
    assertThat(in.readableBytes()).isZero();
    assertThat(read).isEqualTo(m);
    assertThat(TcpclFrames.toBytes(read)).isEqualTo(bytes);
  }

  /** Any split of a stream of messages into chunks decodes to the same messages. */
  @Property
  void messagesSplitAnywhereDecodeTheSame(
      @ForAll("messageLists") List<TcpclMessage> ms,
      @ForAll @IntRange(min = 1, max = 50) int chunk) {
    ByteBuf all = Unpooled.buffer();
    for (TcpclMessage m : ms) {
      TcpclFrames.write(m, all);
    }
    ByteBuf cumulation = Unpooled.buffer();
    List<TcpclMessage> out = new ArrayList<>();
    while (all.isReadable()) {
      cumulation.writeBytes(all, Math.min(chunk, all.readableBytes()));
      TcpclMessage m;
      while ((m = frames.read(cumulation)) != null) {
        out.add(m);
      }
      cumulation.discardReadBytes();
    }
    assertThat(out).isEqualTo(ms);
    assertThat(cumulation.readableBytes()).isZero();
    all.release();
    cumulation.release();
  }

  /** A truncated message is never a message: the reader waits and reads nothing. */
  @Property
  void aTruncatedMessageReadsNothing(
      @ForAll("messages") TcpclMessage m, @ForAll @IntRange(min = 1, max = 400) int cut) {
    byte[] bytes = TcpclFrames.toBytes(m);
    Assume.that(cut < bytes.length);
    ByteBuf in = Unpooled.wrappedBuffer(bytes, 0, bytes.length - cut);
    assertThat(frames.read(in)).isNull();
    assertThat(in.readerIndex()).isZero();
  }

  /** Arbitrary octets yield a message, a wait, or the reader's own exception; nothing else. */
  @Property(tries = 3000)
  void arbitraryOctetsYieldOnlyTcpclExceptions(@ForAll @Size(max = 80) byte[] bytes) {
    ByteBuf in = Unpooled.wrappedBuffer(bytes);
    Throwable t =
        catchThrowable(
            () -> {
              while (frames.read(in) != null) {
                // keep reading
              }
            });
    if (t != null) {
      assertThat(t).isInstanceOf(TcpclException.class);
    }
  }

  /**
   * Flipping any bit of a message is noticed: the result is a TcpclException, a wait for more
   * octets, or a different message; the only exceptions are octets RFC 9174 tells the receiver to
   * read leniently (reserved SESS_TERM flags, undefined SESS_TERM and XFER_REFUSE reason codes,
   * which read as "Unknown", §5.2.4, §6.1).
   */
  @Property
  void aMutatedMessageIsNoticed(
      @ForAll("messages") TcpclMessage m, @ForAll @IntRange(min = 0) int position) {
    byte[] bytes = TcpclFrames.toBytes(m);
    int bit = position % (bytes.length * 8);
    bytes[bit / 8] ^= (byte) (0x80 >>> (bit % 8));
    TcpclMessage read;
    try {
      read = frames.read(Unpooled.wrappedBuffer(bytes));
    } catch (TcpclException e) {
      return;
    }
    if (read == null || !read.equals(m)) {
      return;
    }
    boolean reservedItemFlag = bit % 8 != 7 && itemFlagOctets(m).contains(bit / 8);
    boolean lenient =
        reservedItemFlag
            || (m instanceof TcpclMessage.SessTerm && bit >= 8)
            || (m instanceof TcpclMessage.XferRefuse && bit / 8 == 1);
    assertThat(lenient).as("bit %d of %s flipped unnoticed", bit, m).isTrue();
  }

  /** Offsets of the flags octets of extension items (reserved bits there are ignored, §4.8). */
  private static List<Integer> itemFlagOctets(TcpclMessage m) {
    int at;
    List<ExtensionItem> items;
    if (m instanceof SessInit s) {
      at = 21 + s.nodeId().getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 4;
      items = s.extensions();
    } else if (m instanceof XferSegment s && s.isStart()) {
      at = 14;
      items = s.extensions();
    } else {
      return List.of();
    }
    List<Integer> out = new ArrayList<>();
    for (ExtensionItem item : items) {
      out.add(at);
      at += item.encodedLength();
    }
    return out;
  }

  /** Any message type octet other than 0x01..0x07 is rejected as Message Type Unknown. */
  @Property
  void unknownMessageTypesAreRejected(@ForAll @IntRange(min = 0, max = 255) int type) {
    Assume.that(type < 1 || type > 7);
    TcpclException e =
        (TcpclException)
            catchThrowable(() -> frames.read(Unpooled.wrappedBuffer(new byte[] {(byte) type})));
    assertThat(e.rejectReason()).contains(MsgRejectReason.MESSAGE_TYPE_UNKNOWN);
    assertThat(e.rejectedMessageType()).isEqualTo(type);
    assertThat(e.sessTermReason()).isEmpty();
  }

  /** A segment longer than the segment MRU is rejected from its header, before its data. */
  @Property
  void segmentsOverTheMruAreRejectedFromTheHeader(
      @ForAll @IntRange(min = 1, max = 1 << 20) int excess) {
    ByteBuf in = Unpooled.buffer();
    TcpclFrames.writeSegmentHeader(
        XferSegment.START | XferSegment.END,
        0,
        List.of(),
        LIMITS.maxSegmentBytes() + (long) excess,
        in);
    assertThatThrownBy(() -> frames.read(in))
        .isInstanceOfSatisfying(
            TcpclException.class,
            e -> {
              assertThat(e.sessTermReason()).contains(SessTermReason.RESOURCE_EXHAUSTION);
              assertThat(e.rejectReason()).contains(MsgRejectReason.MESSAGE_UNSUPPORTED);
              assertThat(e.getMessage()).contains("exceeds segment MRU 65536");
            });
    in.release();
  }

  @Provide
  Arbitrary<SessInit> sessInitsWithItems() {
    return TcpclArbitraries.sessInits().filter(s -> !s.extensions().isEmpty());
  }

  /** Extension items whose contents disagree with the items length fail the SESS_INIT (§4.6). */
  @Property
  void sessInitItemsDisagreeingWithTheirLengthAreRejected(
      @ForAll("sessInitsWithItems") SessInit s, @ForAll @IntRange(min = 1, max = 4) int shortBy) {
    byte[] bytes = TcpclFrames.toBytes(s);
    int nodeIdLength = s.nodeId().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    int lengthAt = 21 + nodeIdLength;
    ByteBuf b = Unpooled.wrappedBuffer(bytes);
    long declared = b.getUnsignedInt(lengthAt);
    Assume.that(declared >= shortBy);
    b.setInt(lengthAt, (int) (declared - shortBy));
    // the last item now overruns the declared length
    assertThatThrownBy(() -> frames.read(b))
        .isInstanceOfSatisfying(
            TcpclException.class,
            e -> {
              assertThat(e.sessTermReason()).contains(SessTermReason.CONTACT_FAILURE);
              assertThat(e.getMessage()).contains("disagree with their length");
            });
  }
}
