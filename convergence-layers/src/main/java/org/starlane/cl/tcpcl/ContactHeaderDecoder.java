package org.starlane.cl.tcpcl;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Decodes the one contact header at the start of a TCPCL connection (RFC 9174 §4.2) and then passes
 * every further octet on untouched: the session replaces it with a TLS handler and a {@link
 * TcpclMessageDecoder}, and octets already read behind the header go to them when it is removed.
 * States: {@link State#READ_CONTACT_HEADER}, then {@link State#PASS_THROUGH}, or the terminal
 * {@link State#BAD_MESSAGE} after a wrong magic (§4.3: the connection is closed, without
 * SESS_TERM).
 *
 * <p>Confined to its channel's event loop.
 */
public final class ContactHeaderDecoder extends ByteToMessageDecoder {
  /** The decoder's states. */
  enum State {
    READ_CONTACT_HEADER,
    PASS_THROUGH,
    BAD_MESSAGE
  }

  private State state = State.READ_CONTACT_HEADER;

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    switch (state) {
      case READ_CONTACT_HEADER -> {
        ContactHeader header;
        try {
          header = ContactHeader.readFrom(in);
        } catch (TcpclException e) {
          state = State.BAD_MESSAGE;
          in.skipBytes(in.readableBytes());
          throw e;
        }
        if (header != null) {
          state = State.PASS_THROUGH;
          out.add(header);
        }
      }
      case PASS_THROUGH -> out.add(in.readRetainedSlice(in.readableBytes()));
      case BAD_MESSAGE -> in.skipBytes(in.readableBytes());
    }
  }
}
