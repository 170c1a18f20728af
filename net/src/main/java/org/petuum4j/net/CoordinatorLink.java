package org.petuum4j.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import java.io.IOException;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * A member's connection to the coordinator: joins, passes the coordinator's messages on, and turns
 * {@code SHUTDOWN}, {@code ABORT}, a lost connection and heartbeat silence into one end-of-job
 * call.
 */
final class CoordinatorLink {

  /** What the member does with the coordinator's messages. Called on the event loop. */
  interface Listener {
    /** A message other than ABORT, SHUTDOWN or HEARTBEAT; must consume the frame. */
    void onMessage(MessageType type, ByteBuf frame);

    /** The job ended: {@code failure} is {@code null} on a clean shutdown. Called once. */
    void onEnd(String failure);
  }

  private final Channel channel;
  private final String coordinator;

  private CoordinatorLink(Channel channel, String coordinator) {
    this.channel = channel;
    this.coordinator = coordinator;
  }

  /**
   * Connects (retrying for a while if the coordinator is not up yet) and sends {@code JOIN}.
   */
  static CoordinatorLink join(Net net, String host, int port, Role role, int index, String advertisedHost,
      int advertisedPort, Listener listener) throws IOException {
    String where = host + ":" + port;
    Channel ch = net.connectRetrying(host, port, true, () -> new Handler(listener, where), Duration.ofSeconds(30));
    CoordinatorLink link = new CoordinatorLink(ch, where);
    link.send(MessageType.JOIN, b -> {
      b.writeByte(role.ordinal()).writeInt(index);
      Wire.writeString(b, advertisedHost);
      b.writeInt(advertisedPort).writeLong(ProcessHandle.current().pid());
    });
    return link;
  }

  void send(MessageType type, Consumer<ByteBuf> payload) {
    ByteBuf b = Wire.frame(channel.alloc(), type, 64);
    payload.accept(b);
    channel.writeAndFlush(Wire.finish(b));
  }

  void sendText(MessageType type, String text) {
    send(type, b -> Wire.writeString(b, text));
  }

  String coordinator() {
    return coordinator;
  }

  void close() {
    channel.close().syncUninterruptibly();
  }

  private static final class Handler extends FrameHandler {
    private final Listener listener;
    private final String where;
    private boolean ended;

    Handler(Listener listener, String where) {
      this.listener = listener;
      this.where = where;
    }

    @Override
    void handle(ChannelHandlerContext ctx, MessageType type, ByteBuf f) {
      switch (type) {
        case ABORT -> {
          String reason = Wire.readString(f);
          Wire.end(f, type);
          end("job aborted: " + reason);
        }
        case SHUTDOWN -> {
          Wire.end(f, type);
          end(null);
        }
        default -> listener.onMessage(type, f);
      }
    }

    private void end(String failure) {
      if (!ended) {
        ended = true;
        listener.onEnd(failure);
      }
    }

    @Override
    void peerSilent(ChannelHandlerContext ctx) {
      end("no heartbeat from the coordinator at " + where + " for the heartbeat timeout");
      ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      end("lost the connection to the coordinator at " + where);
    }
  }
}
