package org.petuum4j.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Base of the application handlers: reads the type byte and dispatches; answers writer idleness with
 * a heartbeat and reports reader idleness; any exception (a malformed frame, a protocol violation)
 * is logged and closes this connection only.
 */
abstract class FrameHandler extends SimpleChannelInboundHandler<ByteBuf> {
  private static final Logger LOG = LoggerFactory.getLogger(FrameHandler.class);

  @Override
  protected final void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) throws Exception {
    MessageType type = MessageType.of(frame.readByte());
    if (type == MessageType.HEARTBEAT) {
      Wire.end(frame, type);
      return;
    }
    handle(ctx, type, frame);
  }

  /** Handles one frame whose type byte has been read; must consume the frame exactly. */
  abstract void handle(ChannelHandlerContext ctx, MessageType type, ByteBuf frame) throws Exception;

  /** The peer has been silent for the heartbeat timeout. */
  void peerSilent(ChannelHandlerContext ctx) {
    ctx.close();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt instanceof IdleStateEvent e) {
      if (e.state() == IdleState.WRITER_IDLE) {
        ctx.writeAndFlush(Wire.finish(Wire.frame(ctx.alloc(), MessageType.HEARTBEAT, 0)));
      } else if (e.state() == IdleState.READER_IDLE) {
        peerSilent(ctx);
      }
      return;
    }
    super.userEventTriggered(ctx, evt);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (ctx.channel().isOpen() && !(cause instanceof IOException)) {
      Net.countRejected(ctx.channel());
    }
    LOG.warn("closing connection with {}: {}", ctx.channel().remoteAddress(), describe(cause));
    ctx.close();
  }

  private static String describe(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == t ? t.toString() : t.getClass().getSimpleName() + ": " + root;
  }

  /** Writes a frame with no payload. */
  static void send(ChannelHandlerContext ctx, MessageType type) {
    ctx.writeAndFlush(Wire.finish(Wire.frame(ctx.alloc(), type, 0)));
  }
}
