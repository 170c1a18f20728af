package org.petuum4j.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An authenticated all-gather for roles that another system places: a small service that takes
 * one message from each of {@code parties} parties and answers every party with all of them, in
 * party order. Hosts such as Spark's barrier tasks use it to learn where the coordinator listens
 * before a job (Spark 4.1's own {@code BarrierTaskContext.allGather} checks for its answer only
 * once a second, which costs a short job a second).
 *
 * <p>Gathers come in rounds (for Spark, the stage attempt): a message for a newer round than the
 * current one starts that round and disconnects the parties still waiting in the old one; a
 * message for an older round, a second message from a party in a round, or a party outside
 * {@code [0, parties)} closes that connection. Every connection proves the secret as the
 * cluster's do ({@link AuthHandler}).
 *
 * <p>Wire: the party sends {@code GATHER(round:i32, party:i32, message:string)}; the service
 * answers {@code GATHERED(count:i32, message:string x count)} once all parties of the round are in.
 */
public final class Rendezvous implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Rendezvous.class);
  /** Unused by the rendezvous' connections (no heartbeats), but every config has one. */
  private static final Duration NO_HEARTBEATS = Duration.ofSeconds(10);

  private final Net net;
  private final Channel listener;
  private final int parties;
  private int round = -1;
  private String[] messages;
  private final List<Channel> waiting = new ArrayList<>();
  private int arrived;

  private Rendezvous(NetConfig config, String bindHost, int parties) throws IOException {
    if (parties < 1) {
      throw new IllegalArgumentException("a rendezvous needs at least one party, got " + parties);
    }
    this.parties = parties;
    this.net = new Net(config, 1);
    try {
      this.listener = net.listen(bindHost, 0, false, Handler::new);
    } catch (IOException e) {
      net.close();
      throw e;
    }
    LOG.debug("rendezvous for {} parties listening on {}", parties, listener.localAddress());
  }

  /** Starts a rendezvous for {@code parties} parties listening on {@code bindHost}, on a free port. */
  public static Rendezvous start(String secret, String bindHost, int parties) throws IOException {
    return new Rendezvous(NetConfig.of(ClusterSecret.of(secret), null, NO_HEARTBEATS), bindHost, parties);
  }

  /** The port it listens on. */
  public int port() {
    return Net.address(listener).getPort();
  }

  @Override
  public void close() {
    net.close();
  }

  private synchronized void gather(Channel ch, int r, int party, String message) {
    if (party < 0 || party >= parties) {
      throw new ProtocolException("party " + party + " outside [0, " + parties + ")");
    }
    if (r < round) {
      throw new ProtocolException("gather for round " + r + " after round " + round + " began");
    }
    if (r > round) {
      if (round >= 0 && arrived < parties) {
        LOG.info("rendezvous round {} begins; dropping round {} with {} of {} parties in", r, round, arrived, parties);
      }
      waiting.forEach(Channel::close);
      waiting.clear();
      round = r;
      messages = new String[parties];
      arrived = 0;
    }
    if (messages[party] != null) {
      throw new ProtocolException("party " + party + " gathered twice in round " + r);
    }
    messages[party] = message;
    arrived++;
    waiting.add(ch);
    if (arrived == parties) {
      for (Channel c : waiting) {
        ByteBuf b = Wire.frame(c.alloc(), MessageType.GATHERED, 64 * parties);
        b.writeInt(parties);
        for (String m : messages) {
          Wire.writeString(b, m);
        }
        c.writeAndFlush(Wire.finish(b));
      }
      waiting.clear();
    }
  }

  private final class Handler extends FrameHandler {
    @Override
    void handle(ChannelHandlerContext ctx, MessageType type, ByteBuf f) {
      if (type != MessageType.GATHER) {
        throw new ProtocolException("expected GATHER, got " + type);
      }
      int r = f.readInt();
      int party = f.readInt();
      String message = Wire.readString(f);
      Wire.end(f, type);
      gather(ctx.channel(), r, party, message);
    }
  }

  /**
   * Sends {@code message} as {@code party} of round {@code round} to the rendezvous at {@code
   * host:port} and waits for every party's message.
   *
   * @param cancelled polled while waiting; when it turns true the wait ends with an exception
   * @return the messages of all parties, in party order
   * @throws IOException if the rendezvous cannot be reached, rejects the secret or the message,
   *     drops the connection or the wait is cancelled
   */
  public static String[] allGather(String secret, String host, int port, int round, int party, String message,
      BooleanSupplier cancelled) throws IOException {
    CompletableFuture<String[]> answer = new CompletableFuture<>();
    try (Net net = new Net(NetConfig.of(ClusterSecret.of(secret), null, NO_HEARTBEATS), 1)) {
      Channel ch = net.connect(host, port, false, new FrameHandler() {
        @Override
        void handle(ChannelHandlerContext ctx, MessageType type, ByteBuf f) {
          if (type != MessageType.GATHERED) {
            throw new ProtocolException("expected GATHERED, got " + type);
          }
          int n = Wire.count(f, 1 << 20, 4);
          String[] all = new String[n];
          for (int i = 0; i < n; i++) {
            all[i] = Wire.readString(f);
          }
          Wire.end(f, type);
          answer.complete(all);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
          answer.completeExceptionally(new IOException("the rendezvous at " + host + ":" + port
              + " closed the connection before all parties were in"));
        }
      });
      ByteBuf b = Wire.frame(ch.alloc(), MessageType.GATHER, 16 + message.length());
      b.writeInt(round).writeInt(party);
      Wire.writeString(b, message);
      Net.await(ch.writeAndFlush(Wire.finish(b)), "sending to the rendezvous at " + host + ":" + port);
      while (true) {
        if (cancelled.getAsBoolean()) {
          throw new IOException("cancelled while waiting at the rendezvous at " + host + ":" + port);
        }
        try {
          return answer.get(100, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
          // poll the cancellation again
        } catch (ExecutionException e) {
          throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while waiting at the rendezvous at " + host + ":" + port, e);
        }
      }
    }
  }
}
