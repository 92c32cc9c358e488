package org.starlane.cl.tcpcl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.starlane.cl.tcpcl.TcpclMessage.Keepalive;
import org.starlane.cl.tcpcl.TcpclMessage.MsgReject;
import org.starlane.cl.tcpcl.TcpclMessage.SessInit;
import org.starlane.cl.tcpcl.TcpclMessage.SessTerm;
import org.starlane.cl.tcpcl.TcpclMessage.XferAck;
import org.starlane.cl.tcpcl.TcpclMessage.XferRefuse;
import org.starlane.cl.tcpcl.TcpclMessage.XferSegment;

/**
 * The decoders in an {@link EmbeddedChannel} (paranoid leak detection), and the exact octets of
 * each message against the figures of RFC 9174.
 */
class TcpclDecoderTest {
  private static final HexFormat HEX = HexFormat.of();

  private static ByteBuf hex(String s) {
    return Unpooled.wrappedBuffer(HEX.parseHex(s.replace(" ", "")));
  }

  @Test
  void contactHeaderIsMagicVersionFlags() {
    ByteBuf out = Unpooled.buffer();
    ContactHeader.v4(true).writeTo(out);
    assertThat(HEX.formatHex(io.netty.buffer.ByteBufUtil.getBytes(out))).isEqualTo("64746e210401");
    out.release();
  }

  @Test
  void messagesHaveTheOctetsOfTheRfcFigures() {
    // Figure 19: type, keepalive u16, segment MRU u64, transfer MRU u64, node ID length u16, node
    // ID, items length u32
    assertThat(
            HEX.formatHex(
                TcpclFrames.toBytes(new SessInit(30, 0x10000, 0x100000, "ipn:2.0", List.of()))))
        .isEqualTo(
            "07"
                + "001e"
                + "0000000000010000"
                + "0000000000100000"
                + "0007"
                + "69706e3a322e30"
                + "00000000");
    // Figure 22 with START: type, flags, id, items length, items, data length, data
    assertThat(
            HEX.formatHex(
                TcpclFrames.toBytes(
                    XferSegment.of(
                        XferSegment.START,
                        0,
                        List.of(ExtensionItem.transferLength(5)),
                        new byte[] {1, 2}))))
        .isEqualTo(
            "01"
                + "02"
                + "0000000000000000"
                + "0000000d"
                + "00"
                + "0001"
                + "0008"
                + "0000000000000005"
                + "0000000000000002"
                + "0102");
    // Figure 22 without START: no items length
    assertThat(
            HEX.formatHex(
                TcpclFrames.toBytes(XferSegment.of(XferSegment.END, 1, List.of(), new byte[] {3}))))
        .isEqualTo("01" + "01" + "0000000000000001" + "0000000000000001" + "03");
    assertThat(HEX.formatHex(TcpclFrames.toBytes(new XferAck(3, 7, 300))))
        .isEqualTo("02" + "03" + "0000000000000007" + "000000000000012c");
    assertThat(
            HEX.formatHex(
                TcpclFrames.toBytes(new XferRefuse(XferRefuseReason.SESSION_TERMINATING, 9))))
        .isEqualTo("03" + "06" + "0000000000000009");
    assertThat(HEX.formatHex(TcpclFrames.toBytes(Keepalive.INSTANCE))).isEqualTo("04");
    assertThat(HEX.formatHex(TcpclFrames.toBytes(new SessTerm(true, SessTermReason.IDLE_TIMEOUT))))
        .isEqualTo("05" + "01" + "01");
    assertThat(
            HEX.formatHex(TcpclFrames.toBytes(MsgReject.of(MsgRejectReason.MESSAGE_UNEXPECTED, 7))))
        .isEqualTo("06" + "03" + "07");
  }

  @Test
  void everyRefuseAndTermReasonHasTheCodeOfTheRfcTables() {
    assertThat(XferRefuseReason.values())
        .extracting(XferRefuseReason::code)
        .containsExactly(0, 1, 2, 3, 4, 5, 6);
    assertThat(SessTermReason.values())
        .extracting(SessTermReason::code)
        .containsExactly(0, 1, 2, 3, 4, 5);
    assertThat(MsgRejectReason.values()).extracting(MsgRejectReason::code).containsExactly(1, 2, 3);
    assertThat(SessTermReason.of(0x77)).isEqualTo(SessTermReason.UNKNOWN);
    assertThat(XferRefuseReason.of(0x77)).isEqualTo(XferRefuseReason.UNKNOWN);
  }

  @Test
  void decoderEmitsMessagesFedOneOctetAtATime() {
    EmbeddedChannel ch = new EmbeddedChannel(new TcpclMessageDecoder(TcpclLimits.DEFAULT));
    byte[] bytes =
        HEX.parseHex(
            "04"
                + "0203"
                + "0000000000000007"
                + "000000000000012c"
                + "050001"
                + "0103"
                + "0000000000000002"
                + "0000000d"
                + "0000010008"
                + "0000000000000003"
                + "0000000000000003"
                + "aabbcc");
    for (byte b : bytes) {
      ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
    }
    assertThat((Object) ch.readInbound()).isEqualTo(Keepalive.INSTANCE);
    assertThat((Object) ch.readInbound()).isEqualTo(new XferAck(3, 7, 300));
    assertThat((Object) ch.readInbound())
        .isEqualTo(new SessTerm(false, SessTermReason.IDLE_TIMEOUT));
    XferSegment s = ch.readInbound();
    assertThat(s.isStart()).isTrue();
    assertThat(s.isEnd()).isTrue();
    assertThat(s.extensions()).containsExactly(ExtensionItem.transferLength(3));
    assertThat(s.data()).containsExactly(0xaa, 0xbb, 0xcc);
    assertThat((Object) ch.readInbound()).isNull();
    assertThat(ch.finish()).isFalse();
  }

  @Test
  void decoderRejectsAnUnknownTypeAndThenDiscardsEverything() {
    TcpclMessageDecoder decoder = new TcpclMessageDecoder(TcpclLimits.DEFAULT);
    EmbeddedChannel ch = new EmbeddedChannel(decoder);
    assertThatThrownBy(() -> ch.writeInbound(hex("04 08 04 04")))
        .isInstanceOf(DecoderException.class)
        .cause()
        .isInstanceOfSatisfying(
            TcpclException.class,
            e -> {
              assertThat(e.rejectReason()).contains(MsgRejectReason.MESSAGE_TYPE_UNKNOWN);
              assertThat(e.rejectedMessageType()).isEqualTo(8);
              assertThat(e.getMessage()).contains("0x08").contains("offset 1");
            });
    assertThat((Object) ch.readInbound()).isEqualTo(Keepalive.INSTANCE);
    assertThat(decoder.state()).isEqualTo(TcpclMessageDecoder.State.BAD_MESSAGE);
    ch.writeInbound(hex("04 04"));
    assertThat((Object) ch.readInbound()).isNull();
    ch.finish();
  }

  @Test
  void decoderRejectsASegmentOverItsMruBeforeItsDataArrives() {
    EmbeddedChannel ch = new EmbeddedChannel(new TcpclMessageDecoder(new TcpclLimits(100, 64, 64)));
    // data length 2^64-1: the decoder must not wait for (or allocate) that much
    assertThatThrownBy(
            () -> ch.writeInbound(hex("01 03 0000000000000000 00000000 ffffffffffffffff")))
        .cause()
        .isInstanceOfSatisfying(
            TcpclException.class,
            e -> {
              assertThat(e.getMessage())
                  .contains("18446744073709551615")
                  .contains("segment MRU 100");
              assertThat(e.sessTermReason()).contains(SessTermReason.RESOURCE_EXHAUSTION);
            });
    ch.finish();
  }

  @Test
  void decoderRejectsANodeIdOverItsLimitAndNonUtf8NodeIds() {
    EmbeddedChannel ch = new EmbeddedChannel(new TcpclMessageDecoder(new TcpclLimits(100, 4, 64)));
    assertThatThrownBy(() -> ch.writeInbound(hex("07 0000 0000000000000001 0000000000000001 0005")))
        .cause()
        .isInstanceOfSatisfying(
            TcpclException.class,
            e -> assertThat(e.sessTermReason()).contains(SessTermReason.CONTACT_FAILURE));
    ch.finish();
    EmbeddedChannel ch2 = new EmbeddedChannel(new TcpclMessageDecoder(new TcpclLimits(100, 4, 64)));
    assertThatThrownBy(
            () ->
                ch2.writeInbound(
                    hex("07 0000 0000000000000001 0000000000000001 0002 c328 00000000")))
        .cause()
        .isInstanceOfSatisfying(
            TcpclException.class, e -> assertThat(e.getMessage()).contains("not UTF-8"));
    ch2.finish();
  }

  @Test
  void contactHeaderDecoderPassesOnWhatFollowsTheHeader() {
    EmbeddedChannel ch = new EmbeddedChannel(new ContactHeaderDecoder());
    ch.writeInbound(hex("64746e"));
    assertThat((Object) ch.readInbound()).isNull();
    ch.writeInbound(hex("21 04 01 04 05"));
    assertThat((Object) ch.readInbound()).isEqualTo(new ContactHeader(4, true));
    ByteBuf rest = ch.readInbound();
    assertThat(HEX.formatHex(io.netty.buffer.ByteBufUtil.getBytes(rest))).isEqualTo("0405");
    rest.release();
    ch.finish();
  }

  @Test
  void contactHeaderDecoderIgnoresReservedFlagsAndReadsOtherVersions() {
    EmbeddedChannel ch = new EmbeddedChannel(new ContactHeaderDecoder());
    ch.writeInbound(hex("64746e21 03 fe"));
    assertThat((Object) ch.readInbound()).isEqualTo(new ContactHeader(3, false));
    ch.finish();
  }

  @Test
  void contactHeaderDecoderRejectsAWrongMagicWithoutSessTerm() {
    EmbeddedChannel ch = new EmbeddedChannel(new ContactHeaderDecoder());
    assertThatThrownBy(() -> ch.writeInbound(hex("47455420 2f20")))
        .cause()
        .isInstanceOfSatisfying(
            TcpclException.class,
            e -> {
              assertThat(e.sessTermReason()).isEmpty();
              assertThat(e.rejectReason()).isEmpty();
              assertThat(e.getMessage()).contains("0x47455420");
            });
    ch.writeInbound(hex("64746e210400"));
    assertThat((Object) ch.readInbound()).isNull();
    ch.finish();
  }

  @Test
  void segmentsCarryExtensionItemsOnlyWithStart() {
    assertThatThrownBy(
            () ->
                XferSegment.of(
                    XferSegment.END, 0, List.of(ExtensionItem.transferLength(1)), new byte[1]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ExtensionItem(false, 0x10000, new byte[0]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SessInit(0x10000, 1, 1, "", List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
