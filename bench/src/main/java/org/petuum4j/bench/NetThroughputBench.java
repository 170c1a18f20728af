package org.petuum4j.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.function.BiConsumer;
import org.petuum4j.net.ClusterDeployment;
import org.petuum4j.ps.Consistency;
import org.petuum4j.ps.Table;
import org.petuum4j.ps.TableSpec;
import org.petuum4j.ps.ValueType;
import org.petuum4j.ps.WorkerProgram;
import org.petuum4j.ps.job.JobFactory;
import org.petuum4j.ps.job.JobParams;
import org.petuum4j.ps.job.JobResult;
import org.petuum4j.ps.job.JobShape;
import org.petuum4j.ps.job.ProcessContext;

/**
 * Networked parameter-server throughput on loopback against a raw Netty echo of the same bytes, in
 * the same run: dense float rows of 1K and 100K columns.
 *
 * <ul>
 *   <li><b>pull</b>: one worker process, one server process (real child JVMs, as {@code --cluster
 *       local:1,1}); every clock the worker reads R rows fresh under BSP, so each read is a request
 *       and a row reply over TCP.
 *   <li><b>push</b>: every clock the worker adds a dense delta to each of the R rows; the clock's
 *       update batch carries them to the server, which acknowledges it.
 *   <li><b>echo</b>: a Netty client sends R frames of the row's size and waits for all R echoes, the
 *       same pipelining as one clock of pulls, with a length-prefix codec and nothing else.
 * </ul>
 *
 * <p>MB/s counts row payload bytes (4 per float) one way. Run: {@code bench/run-net-throughput.sh}.
 */
public final class NetThroughputBench {
  private NetThroughputBench() {}

  public static void main(String[] args) throws Exception {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 5;
    System.out.printf(Locale.ROOT, "%-6s %8s %5s %14s %10s %16s %10s%n", "test", "width", "rows", "rows/s", "MB/s",
        "echo frames/s", "echo MB/s");
    for (int[] shape : new int[][] {{1024, 64}, {100_000, 8}}) {
      int width = shape[0];
      int rows = shape[1];
      double[] echo = echo(width * 4, rows, seconds);
      for (String mode : List.of("pull", "push")) {
        double rowsPerSecond = ps(mode, width, rows, seconds);
        double mb = rowsPerSecond * width * 4 / 1e6;
        System.out.printf(Locale.ROOT, "%-6s %8d %5d %,14.0f %10.1f %,16.0f %10.1f   (%.0f%% of echo)%n", mode, width,
            rows, rowsPerSecond, mb, echo[0], echo[1], 100 * mb / echo[1]);
      }
    }
  }

  /** Rows per second the worker process measured. */
  private static double ps(String mode, int width, int rows, double seconds) throws Exception {
    List<String> events = new ArrayList<>();
    JobParams p = JobParams.of(Map.of("mode", mode, "width", Integer.toString(width), "rows", Integer.toString(rows),
        "seconds", Double.toString(seconds)));
    try (JobResult r = ClusterDeployment.local(1, 1, new JobShape(1, 1)).run(PsJob.class, p, events::add)) {
      r.read("t", 0);
    }
    return Double.parseDouble(events.get(events.size() - 1));
  }

  /** The timed loop, run in the worker process; reports rows per second as its last event. */
  public static final class PsJob implements JobFactory {
    public PsJob() {}

    @Override
    public List<TableSpec> tables(JobParams params, JobShape shape) {
      return List.of(TableSpec.builder("t").dense(ValueType.FLOAT).rows(params.integer("rows"))
          .width(params.integer("width")).consistency(Consistency.bsp()).build());
    }

    @Override
    public WorkerProgram program(JobParams params, ProcessContext process) {
      boolean pull = params.string("mode").equals("pull");
      int rows = params.integer("rows");
      int width = params.integer("width");
      long nanos = (long) (params.real("seconds") * 1e9);
      return ctx -> {
        Table t = ctx.table("t");
        float[] delta = new float[width];
        java.util.Arrays.fill(delta, 0.5f);
        long start = 0;
        long done = 0;
        for (int clock = 0; ; clock++) {
          if (clock == 200) {
            start = System.nanoTime();
            done = 0;
          }
          for (int r = 0; r < rows; r++) {
            if (pull) {
              t.get(r);
            } else {
              t.incDense(r, delta);
            }
          }
          ctx.clock();
          done += rows;
          if (clock > 200 && System.nanoTime() - start > nanos) {
            break;
          }
        }
        if (!pull) {
          ctx.barrier();
        }
        process.events().emit(Double.toString(done / ((System.nanoTime() - start) / 1e9)));
      };
    }
  }

  /** A pipeline of a 4-byte length prefix codec and {@code onFrame}, nothing else. */
  private static ChannelInitializer<SocketChannel> framed(BiConsumer<ChannelHandlerContext, ByteBuf> onFrame) {
    return new ChannelInitializer<>() {
      @Override
      protected void initChannel(SocketChannel ch) {
        ch.pipeline().addLast(new LengthFieldBasedFrameDecoder(1 << 30, 0, 4, 0, 4), new LengthFieldPrepender(4),
            new ChannelInboundHandlerAdapter() {
              @Override
              public void channelRead(ChannelHandlerContext ctx, Object msg) {
                onFrame.accept(ctx, (ByteBuf) msg);
              }
            });
      }
    };
  }

  /** Frames per second and MB per second of a raw Netty echo with R frames in flight. */
  private static double[] echo(int bytes, int inFlight, double seconds) throws Exception {
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    try {
      Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
          .childOption(ChannelOption.TCP_NODELAY, true)
          .childHandler(framed((ctx, msg) -> ctx.writeAndFlush(msg)))
          .bind("127.0.0.1", 0).sync().channel();
      Semaphore echoes = new Semaphore(0);
      Channel client = new Bootstrap().group(group).channel(NioSocketChannel.class)
          .option(ChannelOption.TCP_NODELAY, true)
          .handler(framed((ctx, msg) -> {
            msg.release();
            echoes.release();
          }))
          .connect(server.localAddress()).sync().channel();
      byte[] payload = new byte[bytes];
      long frames = 0;
      long start = 0;
      for (int round = 0; ; round++) {
        if (round == 200) {
          start = System.nanoTime();
          frames = 0;
        }
        for (int i = 0; i < inFlight; i++) {
          ByteBuf b = client.alloc().buffer(bytes);
          b.writeBytes(payload);
          client.writeAndFlush(b);
        }
        echoes.acquire(inFlight);
        frames += inFlight;
        if (round > 200 && System.nanoTime() - start > seconds * 1e9) {
          break;
        }
      }
      double fps = frames / ((System.nanoTime() - start) / 1e9);
      client.close().sync();
      server.close().sync();
      return new double[] {fps, fps * bytes / 1e6};
    } finally {
      group.shutdownGracefully().sync();
    }
  }
}
