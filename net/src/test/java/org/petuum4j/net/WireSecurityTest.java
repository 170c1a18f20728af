package org.petuum4j.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.petuum4j.ps.Consistency;
import org.petuum4j.ps.TableSpec;
import org.petuum4j.ps.ValueType;
import org.petuum4j.ps.WorkerProgram;
import org.petuum4j.ps.job.EventSink;
import org.petuum4j.ps.job.JobFactory;
import org.petuum4j.ps.job.JobParams;
import org.petuum4j.ps.job.JobResult;
import org.petuum4j.ps.job.JobShape;
import org.petuum4j.ps.job.ProcessContext;

/**
 * Authentication and wire robustness: peers without the secret are turned away, garbage closes
 * only the connection that sent it, and the cluster then still runs a job correctly.
 */
class WireSecurityTest {
  private static final String SECRET_TEXT = "in-jvm-test-secret-0123456789";
  private Coordinator coordinator;
  private ServerNode server;
  private final List<AutoCloseable> parts = new ArrayList<>();

  @BeforeEach
  void startCoordinatorAndServer() throws IOException {
    NetConfig config = InJvmCluster.config();
    coordinator = new Coordinator(config, "127.0.0.1", 0, 1, 1);
    server = new ServerNode(config, 0, "127.0.0.1", coordinator.port(), "127.0.0.1", 0, "127.0.0.1");
    parts.add(coordinator);
    parts.add(server);
  }

  @AfterEach
  void stop() {
    InJvmCluster.closeAll(parts);
  }

  @Test
  void peerWithAnotherSecret_isRejectedByCoordinatorAndServer() {
    NetConfig wrong = NetConfig.of(ClusterSecret.of("not-the-cluster-secret-987654"), null, Duration.ofSeconds(5));
    try (Net net = new Net(wrong, 1)) {
      assertThatThrownBy(() -> net.connect("127.0.0.1", coordinator.port(), false, new ChannelInboundHandlerAdapter()))
          .isInstanceOf(IOException.class).hasMessageContaining("authentication");
      assertThatThrownBy(() -> net.connect("127.0.0.1", server.port(), false, new ChannelInboundHandlerAdapter()))
          .isInstanceOf(IOException.class).hasMessageContaining("authentication");
    }
  }

  @Test
  void messagesBeforeAuthentication_closeTheConnection_andTheSecretNeverCrossesTheWire() throws IOException {
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      s.setSoTimeout(10_000);
      DataInputStream in = new DataInputStream(s.getInputStream());
      int length = in.readInt();
      byte[] challenge = new byte[length];
      in.readFully(challenge);
      assertThat(challenge[0]).isEqualTo(MessageType.CHALLENGE.id);
      assertThat(new String(challenge, StandardCharsets.ISO_8859_1)).doesNotContain(SECRET_TEXT);
      // A REGISTER without authenticating first.
      DataOutputStream out = new DataOutputStream(s.getOutputStream());
      out.writeInt(13);
      out.writeByte(MessageType.REGISTER.id);
      out.writeInt(0);
      out.writeInt(0);
      out.writeInt(1);
      out.flush();
      assertThat(in.read()).as("the server closes the connection").isEqualTo(-1);
    }
  }

  @Test
  void fuzzedFrames_closeOnlyTheirConnection_andTheClusterStillRunsAJob() throws Exception {
    Random random = new Random(42);
    int frames = 0;
    // Unauthenticated garbage at the coordinator and the server.
    for (int c = 0; c < 200; c++) {
      int port = c % 2 == 0 ? coordinator.port() : server.port();
      try (Socket s = new Socket("127.0.0.1", port)) {
        byte[] junk = new byte[1 + random.nextInt(600)];
        random.nextBytes(junk);
        s.getOutputStream().write(junk);
        frames++;
      } catch (IOException e) {
        // the server may already have closed it: that is the point
      }
    }
    // Authenticated peers sending random, truncated, oversized and mistyped frames to the server.
    try (Net net = new Net(InJvmCluster.config(), 1)) {
      for (int c = 0; c < 2000; c++) {
        Channel ch = net.connect("127.0.0.1", server.port(), false, new ChannelInboundHandlerAdapter() {
          @Override
          public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
          }
        });
        ByteBuf junk = Unpooled.buffer();
        for (int i = 0; i < 50; i++) {
          randomFrame(random, junk);
          frames++;
        }
        ch.writeAndFlush(junk);
        if (c % 2 == 0) {
          ch.close();
        }
        assertThat(ch.closeFuture().await(10, TimeUnit.SECONDS)).as("connection %d closed by the server", c)
            .isTrue();
      }
    }
    assertThat(frames).isGreaterThanOrEqualTo(100_000);

    // The cluster still works: a worker and the driver run a job through the same server.
    TableSpec spec = TableSpec.builder("t").dense(ValueType.LONG).rows(3).width(4).consistency(Consistency.ssp(1)).build();
    WorkerProgram program = ctx -> {
      for (int c = 0; c < 10; c++) {
        ctx.table("t").get(c % 3);
        ctx.table("t").incLong(c % 3, ctx.workerId(), 1);
        ctx.clock();
      }
    };
    JobFactory factory = new JobFactory() {
      @Override
      public List<TableSpec> tables(JobParams params, JobShape shape) {
        return List.of(spec);
      }

      @Override
      public WorkerProgram program(JobParams params, ProcessContext process) {
        return program;
      }
    };
    parts.add(new WorkerNode(InJvmCluster.config(), 0, "127.0.0.1", coordinator.port(), "127.0.0.1", n -> factory));
    Net driverNet = new Net(InJvmCluster.config(), 1);
    parts.add(driverNet);
    JobShape shape = new JobShape(2, 2);
    try (JobResult r = Driver.run(driverNet, "127.0.0.1", coordinator.port(), "fuzz-survivor",
        JobParams.of(Map.of()), List.of(spec), shape, EventSink.NONE)) {
      assertThat(r.read("t", 0).getLong(0)).isEqualTo(4);
      assertThat(r.read("t", 0).getLong(1)).isEqualTo(4);
      assertThat(r.read("t", 2).getLong(1)).isEqualTo(3);
    }
  }

  /** Appends one frame: valid type and random body, truncated, oversized, negative or mistyped. */
  private static void randomFrame(Random r, ByteBuf out) {
    MessageType[] types = MessageType.values();
    byte[] body = new byte[r.nextInt(64)];
    r.nextBytes(body);
    switch (r.nextInt(5)) {
      case 0 -> out.writeInt(1 + body.length).writeByte(types[r.nextInt(types.length)].id).writeBytes(body);
      case 1 -> out.writeInt(1 + body.length + 1 + r.nextInt(1000)).writeByte(types[r.nextInt(types.length)].id)
          .writeBytes(body);
      case 2 -> out.writeInt(NetConfig.DEFAULT_MAX_FRAME + 1 + r.nextInt(1000)).writeBytes(body);
      case 3 -> out.writeInt(-r.nextInt(Integer.MAX_VALUE)).writeBytes(body);
      default -> out.writeInt(1 + body.length).writeByte(r.nextInt(256)).writeBytes(body);
    }
  }
}
