package org.petuum4j.net;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.Promise;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.petuum4j.ps.PsException;

/**
 * The networking of one process: an event-loop group, and listeners and connections that all
 * share one pipeline: optional TLS, {@link FrameDecoder}, flush consolidation, optional heartbeat
 * idle detection, {@link AuthHandler}, then the application's handler. Closing it closes every
 * channel it made.
 */
final class Net implements AutoCloseable {
  /** Outbound bytes queued per connection before writers wait (worker threads) or reads pause (servers). */
  static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(1 << 20, 4 << 20);

  private static final AttributeKey<LongAdder> REJECTED = AttributeKey.valueOf("petuum4j.rejected");

  private final NetConfig config;
  private final EventLoopGroup group;
  private final LongAdder rejected = new LongAdder();

  Net(NetConfig config, int threads) {
    this.config = config;
    this.group = new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
  }

  NetConfig config() {
    return config;
  }

  /**
   * How many connections of this process were closed because the peer failed authentication or
   * sent a malformed or unexpected frame (not counting connections that were lost or reset).
   */
  long rejectedConnections() {
    return rejected.sum();
  }

  /** Counts {@code ch} as rejected by its process; called once, before the channel is closed. */
  static void countRejected(Channel ch) {
    LongAdder counter = ch.attr(REJECTED).get();
    if (counter != null) {
      counter.increment();
    }
  }

  /**
   * Listens on {@code bindHost:port} (port 0 picks a free one); every accepted connection gets
   * the handler {@code app} makes, once authenticated.
   */
  Channel listen(String bindHost, int port, boolean heartbeats, Supplier<ChannelHandler> app) throws IOException {
    ServerBootstrap b = new ServerBootstrap()
        .group(group)
        .channel(NioServerSocketChannel.class)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            pipeline(ch, true, heartbeats, ch.eventLoop().newPromise(), app.get());
          }
        });
    try {
      return b.bind(bindHost, port).sync().channel();
    } catch (Exception e) {
      throw new IOException("cannot listen on " + bindHost + ":" + port + ": " + e.getMessage(), e);
    }
  }

  /** Connects to {@code host:port}, authenticates, and returns the channel with {@code app} installed. */
  Channel connect(String host, int port, boolean heartbeats, ChannelHandler app) throws IOException {
    Promise<Void> authenticated = group.next().newPromise();
    Bootstrap b = new Bootstrap()
        .group(group)
        .channel(NioSocketChannel.class)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) config.connectTimeout().toMillis())
        .option(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            pipeline(ch, false, heartbeats, authenticated, app);
          }
        });
    Channel ch;
    try {
      ch = b.connect(host, port).sync().channel();
      authenticated.get(AuthHandler.TIMEOUT_SECONDS + 5, TimeUnit.SECONDS);
      return ch;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while connecting to " + host + ":" + port, e);
    } catch (ExecutionException e) {
      throw new IOException(e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IOException("no authentication from " + host + ":" + port + " in time", e);
    } catch (Exception e) {
      throw new IOException("cannot connect to " + host + ":" + port + ": " + e.getMessage(), e);
    }
  }

  /**
   * Connects, retrying for {@code within} while the peer refuses (it may still be starting).
   */
  Channel connectRetrying(String host, int port, boolean heartbeats, Supplier<ChannelHandler> app, Duration within)
      throws IOException {
    long deadline = System.nanoTime() + within.toNanos();
    while (true) {
      try {
        return connect(host, port, heartbeats, app.get());
      } catch (IOException e) {
        boolean refused = e.getMessage() != null && e.getMessage().contains("refused");
        if (!refused || System.nanoTime() > deadline) {
          throw e;
        }
        try {
          Thread.sleep(100);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted", ie);
        }
      }
    }
  }

  private void pipeline(SocketChannel ch, boolean server, boolean heartbeats, Promise<Void> authenticated,
      ChannelHandler app) {
    ch.attr(REJECTED).set(rejected);
    ChannelPipeline p = ch.pipeline();
    if (config.tls() != null) {
      p.addLast("tls", config.tls().newHandler(ch.alloc(), server));
    }
    p.addLast("flush", new FlushConsolidationHandler(256, true));
    FrameDecoder frames = new FrameDecoder(config.maxFrameBytes());
    p.addLast("frames", frames);
    if (heartbeats) {
      long timeout = config.heartbeatTimeout().toMillis();
      long interval = config.heartbeatInterval().toMillis();
      p.addLast("idle", new IdleStateHandler(timeout, interval, 0, TimeUnit.MILLISECONDS));
    }
    p.addLast("auth", new AuthHandler(config.secret(), server, frames, authenticated));
    p.addLast("app", app);
  }

  /** The address a listener is bound to. */
  static InetSocketAddress address(Channel listener) {
    return (InetSocketAddress) listener.localAddress();
  }

  @Override
  public void close() {
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }

  /** Waits for a future of a Netty write or close, turning failure into a {@link PsException}. */
  static void await(io.netty.util.concurrent.Future<?> f, String what) {
    f.syncUninterruptibly();
    if (!f.isSuccess()) {
      throw new PsException(what + " failed: " + f.cause(), f.cause());
    }
  }
}
