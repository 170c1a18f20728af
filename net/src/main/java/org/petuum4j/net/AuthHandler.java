package org.petuum4j.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first handler of every connection: runs the {@link ClusterSecret} challenge-response, then
 * raises the frame limit, removes itself and completes {@code authenticated}; the application
 * handler behind it starts on that. A peer that fails, stalls for {@link #TIMEOUT_SECONDS} or sends
 * anything else first is logged and disconnected.
 *
 * <p>Server side: sends {@code CHALLENGE(serverNonce)}, expects {@code AUTH_RESPONSE(clientNonce,
 * clientProof)}, answers {@code AUTH_OK(serverProof)}. Client side: the mirror image, and it checks
 * the server's proof too, so neither side talks to an impostor.
 */
final class AuthHandler extends SimpleChannelInboundHandler<ByteBuf> {
  static final int TIMEOUT_SECONDS = 10;
  private static final Logger LOG = LoggerFactory.getLogger(AuthHandler.class);

  private final ClusterSecret secret;
  private final boolean server;
  private final FrameDecoder frames;
  private final Promise<Void> authenticated;
  private byte[] serverNonce;
  private byte[] clientNonce;
  private ScheduledFuture<?> timeout;

  AuthHandler(ClusterSecret secret, boolean server, FrameDecoder frames, Promise<Void> authenticated) {
    this.secret = secret;
    this.server = server;
    this.frames = frames;
    this.authenticated = authenticated;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    timeout = ctx.executor().schedule(() -> reject(ctx, "no authentication within " + TIMEOUT_SECONDS + " s"),
        TIMEOUT_SECONDS, TimeUnit.SECONDS);
    if (server) {
      serverNonce = ClusterSecret.nonce();
      ByteBuf b = Wire.frame(ctx.alloc(), MessageType.CHALLENGE, ClusterSecret.NONCE_BYTES);
      b.writeBytes(serverNonce);
      ctx.writeAndFlush(Wire.finish(b));
    }
    ctx.fireChannelActive();
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
    MessageType type = MessageType.of(frame.readByte());
    if (server && type == MessageType.AUTH_RESPONSE && serverNonce != null && clientNonce == null) {
      clientNonce = bytes(frame, ClusterSecret.NONCE_BYTES);
      byte[] proof = bytes(frame, ClusterSecret.MAC_BYTES);
      Wire.end(frame, type);
      if (!secret.verify(proof, "client", serverNonce, clientNonce)) {
        reject(ctx, "wrong proof of the cluster secret");
        return;
      }
      ByteBuf b = Wire.frame(ctx.alloc(), MessageType.AUTH_OK, ClusterSecret.MAC_BYTES);
      b.writeBytes(secret.proof("server", serverNonce, clientNonce));
      ctx.writeAndFlush(Wire.finish(b));
      succeed(ctx);
    } else if (!server && type == MessageType.CHALLENGE && serverNonce == null) {
      serverNonce = bytes(frame, ClusterSecret.NONCE_BYTES);
      Wire.end(frame, type);
      clientNonce = ClusterSecret.nonce();
      ByteBuf b = Wire.frame(ctx.alloc(), MessageType.AUTH_RESPONSE, 64);
      b.writeBytes(clientNonce).writeBytes(secret.proof("client", serverNonce, clientNonce));
      ctx.writeAndFlush(Wire.finish(b));
    } else if (!server && type == MessageType.AUTH_OK && clientNonce != null) {
      byte[] proof = bytes(frame, ClusterSecret.MAC_BYTES);
      Wire.end(frame, type);
      if (!secret.verify(proof, "server", serverNonce, clientNonce)) {
        reject(ctx, "the server's proof of the cluster secret is wrong");
        return;
      }
      succeed(ctx);
    } else {
      reject(ctx, "unexpected " + type + " before authentication");
    }
  }

  private static byte[] bytes(ByteBuf b, int n) {
    byte[] out = new byte[n];
    b.readBytes(out);
    return out;
  }

  private void succeed(ChannelHandlerContext ctx) {
    timeout.cancel(false);
    frames.authenticated();
    ctx.pipeline().remove(this);
    authenticated.trySuccess(null);
  }

  private void reject(ChannelHandlerContext ctx, String why) {
    if (ctx.channel().isOpen()) {
      Net.countRejected(ctx.channel());
      LOG.warn("rejected {} {}: {}", server ? "connection from" : "server", ctx.channel().remoteAddress(), why);
    }
    authenticated.tryFailure(new ProtocolException("authentication with " + ctx.channel().remoteAddress() + " failed: " + why));
    ctx.close();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (timeout != null) {
      timeout.cancel(false);
    }
    authenticated.tryFailure(new ProtocolException("connection to " + ctx.channel().remoteAddress()
        + " closed during authentication (is the cluster secret the same on both sides?)"));
    ctx.fireChannelInactive();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    // Heartbeats start once the peer is authenticated; until then the authentication timeout rules.
    if (!(evt instanceof io.netty.handler.timeout.IdleStateEvent)) {
      ctx.fireUserEventTriggered(evt);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof java.io.IOException) {
      // Lost or reset, not refused: fail the handshake without counting a rejection.
      authenticated.tryFailure(new ProtocolException("authentication with " + ctx.channel().remoteAddress()
          + " failed: " + cause));
      ctx.close();
      return;
    }
    reject(ctx, cause.toString());
  }
}
