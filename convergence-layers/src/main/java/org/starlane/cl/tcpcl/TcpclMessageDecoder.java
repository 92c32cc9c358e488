package org.starlane.cl.tcpcl;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Decodes TCPCLv4 messages (RFC 9174 §4.5) from the octet stream after the contact header (and the
 * TLS handshake, if any) into {@link TcpclMessage}s. An explicit state machine with a terminal
 * {@link State#BAD_MESSAGE} state: after a {@link TcpclException} (passed down the pipeline as the
 * cause of a {@link io.netty.handler.codec.DecoderException}) every further octet is discarded, as
 * the stream cannot be re-synchronised. Limits come from the constructor's {@link TcpclLimits}; a
 * message is emitted only once all of its octets have arrived, so memory grows with octets
 * received, never with a length a peer declares.
 *
 * <p>Confined to its channel's event loop.
 */
public final class TcpclMessageDecoder extends ByteToMessageDecoder {
  /** The decoder's states. */
  enum State {
    /** Waiting for (the rest of) a message. */
    READ_MESSAGE,
    /** A fault happened; everything else is discarded. */
    BAD_MESSAGE
  }

  private final TcpclFrames frames;
  private State state = State.READ_MESSAGE;

  /** A decoder with {@code limits}. */
  public TcpclMessageDecoder(TcpclLimits limits) {
    this.frames = new TcpclFrames(limits);
  }

  State state() {
    return state;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (state == State.BAD_MESSAGE) {
      in.skipBytes(in.readableBytes());
      return;
    }
    try {
      TcpclMessage message = frames.read(in);
      if (message != null) {
        out.add(message);
      }
    } catch (TcpclException e) {
      state = State.BAD_MESSAGE;
      in.skipBytes(in.readableBytes());
      throw e;
    }
  }
}
