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
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
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
 * only the connection that sent it, the server counts each such connection as rejected, and the
 * cluster still runs a job correctly and serves authenticated clients.
 */
class WireSecurityTest {
  /** Well under AuthHandler's timeout, so a close seen in time is the server's answer to garbage. */
  private static final int CLOSE_WITHIN_MS = 4_000;
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
  void peerWithAnotherSecret_isRejectedByCoordinatorAndServer() throws Exception {
    NetConfig wrong = NetConfig.of(ClusterSecret.of("not-the-cluster-secret-987654"), null, Duration.ofSeconds(5));
    try (Net net = new Net(wrong, 1)) {
      assertThatThrownBy(() -> net.connect("127.0.0.1", coordinator.port(), false, new ChannelInboundHandlerAdapter()))
          .isInstanceOf(IOException.class).hasMessageContaining("authentication");
      assertThatThrownBy(() -> net.connect("127.0.0.1", server.port(), false, new ChannelInboundHandlerAdapter()))
          .isInstanceOf(IOException.class).hasMessageContaining("authentication");
    }
    awaitRejected(1, 1);
  }

  @Test
  void messagesBeforeAuthentication_closeTheConnection_andTheSecretNeverCrossesTheWire() throws Exception {
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      s.setSoTimeout(CLOSE_WITHIN_MS);
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
    awaitRejected(0, 1);
  }

  /**
   * Every garbage connection must be closed by the server side alone (the test never closes one
   * before seeing the close), counted there as a rejection, and change nothing: a job run between
   * the rounds of garbage gives exact results, which garbage sent to the set-up server afterwards
   * does not alter, and a new authenticated client is still served.
   */
  @Test
  void garbage_isClosedByTheServerAlone_changesNothing_andAuthenticatedClientsAreStillServed() throws Exception {
    Random random = new Random(42);
    int rawToCoordinator = 0;
    int rawToServer = 0;
    for (int c = 0; c < 120; c++) {
      boolean toServer = c % 2 == 1;
      rawGarbage(random, toServer ? server.port() : coordinator.port(), c);
      if (toServer) {
        rawToServer++;
      } else {
        rawToCoordinator++;
      }
    }
    awaitRejected(rawToCoordinator, rawToServer);

    try (Net net = new Net(InJvmCluster.config(), 1)) {
      // Authenticated, but the server has no shards yet.
      int authenticated = 150;
      for (int c = 0; c < authenticated; c++) {
        authenticatedGarbage(net, random, c);
      }
      awaitRejected(rawToCoordinator, rawToServer + authenticated);

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
      try (JobResult r = Driver.run(driverNet, "127.0.0.1", coordinator.port(), "fuzz-survivor",
          JobParams.of(Map.of()), List.of(spec), shape(), EventSink.NONE)) {
        // Each of the 2 workers adds 1 to its own column of row c % 3 at c = 0..9: rows 0 gets 4, 1 and 2 get 3.
        long[][] expected = {{4, 4, 0, 0}, {3, 3, 0, 0}, {3, 3, 0, 0}};
        assertThat(rows(r)).isEqualTo(expected);
        // The job's own connections are not rejections.
        awaitRejected(rawToCoordinator, rawToServer + authenticated);

        // Now against a server with shards, so that well-typed frames reach its checks.
        for (int c = 0; c < authenticated; c++) {
          authenticatedGarbage(net, random, authenticated + c);
        }
        awaitRejected(rawToCoordinator, rawToServer + 2 * authenticated);
        assertThat(rows(r)).as("garbage changed no row").isEqualTo(expected);
      }
      Channel fresh = net.connect("127.0.0.1", server.port(), false, new ChannelInboundHandlerAdapter());
      assertThat(fresh.isActive()).as("a new authenticated client is accepted").isTrue();
      fresh.close().syncUninterruptibly();
    }
  }

  private static JobShape shape() {
    return new JobShape(2, 2);
  }

  private static long[][] rows(JobResult r) {
    long[][] out = new long[3][4];
    for (int row = 0; row < 3; row++) {
      for (int col = 0; col < 4; col++) {
        out[row][col] = r.read("t", row).getLong(col);
      }
    }
    return out;
  }

  /** Waits (bounded) until the coordinator and the server have counted exactly these rejections. */
  private void awaitRejected(long atCoordinator, long atServer) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while ((coordinator.rejectedConnections() != atCoordinator || server.rejectedConnections() != atServer)
        && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(coordinator.rejectedConnections()).as("rejections counted by the coordinator").isEqualTo(atCoordinator);
    assertThat(server.rejectedConnections()).as("rejections counted by the server").isEqualTo(atServer);
  }

  /**
   * Sends one unauthenticated garbage message over a raw socket and waits for the peer to close
   * the connection, well before the authentication timeout would.
   */
  private static void rawGarbage(Random random, int port, int c) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(CLOSE_WITHIN_MS);
      ByteBuf junk = Unpooled.buffer();
      byte[] body = new byte[random.nextInt(300)];
      random.nextBytes(body);
      switch (c / 2 % 4) {
        // A length a peer that has not authenticated may not send (< 1 or > 256), then random bytes.
        case 0 -> junk.writeInt(random.nextBoolean() ? -random.nextInt(Integer.MAX_VALUE)
            : FrameDecoder.PRE_AUTH_MAX + 1 + random.nextInt(1 << 20)).writeBytes(body);
        // A well-framed message of any other type than the authentication response.
        case 1 -> {
          byte type;
          do {
            type = (byte) random.nextInt(256);
          } while (type == MessageType.AUTH_RESPONSE.id);
          int n = Math.min(body.length, FrameDecoder.PRE_AUTH_MAX - 1);
          junk.writeInt(1 + n).writeByte(type).writeBytes(body, 0, n);
        }
        // An authentication response with a random (wrong) proof.
        case 2 -> junk.writeInt(1 + 64).writeByte(MessageType.AUTH_RESPONSE.id).writeBytes(randomBytes(random, 64));
        // An authentication response of the wrong size.
        default -> {
          int n = random.nextInt(100);
          n = n == 64 ? 63 : n;
          junk.writeInt(1 + n).writeByte(MessageType.AUTH_RESPONSE.id).writeBytes(randomBytes(random, n));
        }
      }
      byte[] bytes = new byte[junk.readableBytes()];
      junk.readBytes(bytes);
      try {
        s.getOutputStream().write(bytes);
      } catch (SocketException e) {
        return; // reset by the server while we wrote: it closed the connection
      }
      assertClosedByPeer(s, "raw connection " + c);
    }
  }

  private static void assertClosedByPeer(Socket s, String what) throws IOException {
    InputStream in = s.getInputStream();
    byte[] buf = new byte[4096];
    try {
      while (in.read(buf) != -1) {
        // the server's challenge
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError(what + " was not closed by the server within " + CLOSE_WITHIN_MS + " ms", e);
    } catch (SocketException e) {
      // reset by the server: closed too
    }
  }

  /**
   * Authenticates, then sends well-framed frames of random types and bodies followed by one frame
   * no data connection accepts, and waits for the server to close the connection; the test never
   * closes it.
   */
  private void authenticatedGarbage(Net net, Random random, int c) throws Exception {
    Channel ch = net.connect("127.0.0.1", server.port(), false, new ChannelInboundHandlerAdapter() {
      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ReferenceCountUtil.release(msg);
      }
    });
    ByteBuf junk = Unpooled.buffer();
    for (int i = random.nextInt(20); i > 0; i--) {
      wellFramed(random, junk);
    }
    unacceptableFrame(random, junk);
    ch.writeAndFlush(junk);
    assertThat(ch.closeFuture().await(CLOSE_WITHIN_MS, TimeUnit.MILLISECONDS))
        .as("authenticated connection %d closed by the server", c).isTrue();
  }

  private static byte[] randomBytes(Random r, int n) {
    byte[] b = new byte[n];
    r.nextBytes(b);
    return b;
  }

  /** A frame whose length is right, of a random known or unknown type with a random body. */
  private static void wellFramed(Random r, ByteBuf out) {
    MessageType[] types = MessageType.values();
    byte[] body = randomBytes(r, r.nextInt(64));
    byte type = r.nextBoolean() ? types[r.nextInt(types.length)].id : (byte) r.nextInt(256);
    out.writeInt(1 + body.length).writeByte(type).writeBytes(body);
  }

  /** A frame that closes any data connection: a bad length, an unknown type, or a type never sent to a server. */
  private static void unacceptableFrame(Random r, ByteBuf out) {
    byte[] body = randomBytes(r, r.nextInt(64));
    switch (r.nextInt(4)) {
      case 0 -> out.writeInt(NetConfig.DEFAULT_MAX_FRAME + 1 + r.nextInt(1000)).writeBytes(body);
      case 1 -> out.writeInt(-r.nextInt(Integer.MAX_VALUE)).writeBytes(body);
      case 2 -> out.writeInt(1 + body.length).writeByte(-1 - r.nextInt(128)).writeBytes(body);
      default -> {
        MessageType[] never = {MessageType.CHALLENGE, MessageType.JOIN, MessageType.ROW_REPLY, MessageType.ACK};
        out.writeInt(1 + body.length).writeByte(never[r.nextInt(never.length)].id).writeBytes(body);
      }
    }
  }
}
