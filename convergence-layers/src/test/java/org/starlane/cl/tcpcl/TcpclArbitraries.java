package org.starlane.cl.tcpcl;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.starlane.cl.tcpcl.TcpclMessage.Keepalive;
import org.starlane.cl.tcpcl.TcpclMessage.MsgReject;
import org.starlane.cl.tcpcl.TcpclMessage.SessInit;
import org.starlane.cl.tcpcl.TcpclMessage.SessTerm;
import org.starlane.cl.tcpcl.TcpclMessage.XferAck;
import org.starlane.cl.tcpcl.TcpclMessage.XferRefuse;
import org.starlane.cl.tcpcl.TcpclMessage.XferSegment;

/** Generators of valid TCPCLv4 messages, every field over its whole range. */
final class TcpclArbitraries {
  private TcpclArbitraries() {}

  static Arbitrary<Long> u64() {
    return Arbitraries.oneOf(
        Arbitraries.longs(),
        Arbitraries.of(0L, 1L, -1L, Long.MAX_VALUE, Long.MIN_VALUE),
        Arbitraries.longs().between(0, 1000));
  }

  static Arbitrary<ExtensionItem> extensionItems() {
    return Combinators.combine(
            Arbitraries.of(true, false),
            Arbitraries.integers().between(0, 0xFFFF),
            Arbitraries.bytes().array(byte[].class).ofMaxSize(40))
        .as(ExtensionItem::new);
  }

  static Arbitrary<SessInit> sessInits() {
    return Combinators.combine(
            Arbitraries.integers().between(0, 0xFFFF),
            u64(),
            u64(),
            Arbitraries.oneOf(
                Arbitraries.of("", "ipn:1.0", "ipn:977000.100.0", "dtn://node-a/"),
                Arbitraries.strings().ofMaxLength(60)),
            extensionItems().list().ofMaxSize(3))
        .as(SessInit::new);
  }

  static Arbitrary<XferSegment> segments() {
    Arbitrary<Integer> flags = Arbitraries.integers().between(0, 0xFF);
    return Combinators.combine(
            flags,
            u64(),
            extensionItems().list().ofMaxSize(3),
            Arbitraries.bytes().array(byte[].class).ofMaxSize(300))
        .as(
            (f, id, items, data) ->
                XferSegment.of(
                    f, id, (f & XferSegment.START) != 0 ? items : List.<ExtensionItem>of(), data));
  }

  static Arbitrary<TcpclMessage> messages() {
    return Arbitraries.oneOf(
        sessInits().map(m -> (TcpclMessage) m),
        segments().map(m -> (TcpclMessage) m),
        Combinators.combine(Arbitraries.integers().between(0, 0xFF), u64(), u64()).as(XferAck::new),
        Combinators.combine(Arbitraries.of(XferRefuseReason.class), u64()).as(XferRefuse::new),
        Arbitraries.just(Keepalive.INSTANCE),
        Combinators.combine(Arbitraries.of(true, false), Arbitraries.of(SessTermReason.class))
            .as(SessTerm::new),
        Combinators.combine(
                Arbitraries.integers().between(0, 0xFF), Arbitraries.integers().between(0, 0xFF))
            .as(MsgReject::new));
  }
}
