package org.petuum4j.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import java.util.List;

/**
 * Splits the byte stream into frames ({@code length:i32} then {@code length} bytes) and passes
 * each frame's bytes on. Before the peer has authenticated, frames may be at most {@link
 * #PRE_AUTH_MAX} bytes, so that an unauthenticated peer cannot make the process buffer much; after,
 * at most the configured maximum. A length out of range is an error that closes the connection.
 */
final class FrameDecoder extends ByteToMessageDecoder {
  static final int PRE_AUTH_MAX = 256;
  private int maxFrame = PRE_AUTH_MAX;
  private final int authenticatedMax;

  FrameDecoder(int authenticatedMax) {
    this.authenticatedMax = authenticatedMax;
  }

  /** Raises the limit once the peer has proven the cluster secret. */
  void authenticated() {
    maxFrame = authenticatedMax;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (in.readableBytes() < 4) {
      return;
    }
    int length = in.getInt(in.readerIndex());
    if (length < 1) {
      throw new CorruptedFrameException("frame length " + length + " < 1");
    }
    if (length > maxFrame) {
      throw new TooLongFrameException("frame length " + length + " > " + maxFrame);
    }
    if (in.readableBytes() < 4 + length) {
      return;
    }
    in.skipBytes(4);
    out.add(in.readRetainedSlice(length));
  }
}
