package org.petuum4j.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link TlsConfig} over real Netty connections on loopback: holders of the cluster keystore talk,
 * anyone else fails the handshake on one side or the other, and keystore problems are clear
 * errors that name the path and never the password. Keystores are made with the JDK's keytool.
 */
@Timeout(60)
class TlsConfigTest {

  static final String PASSWORD = "cluster-secret-123";
  private static final String PASSWORD_VAR = "P4J_TEST_KEYSTORE_PASSWORD";

  @TempDir
  static Path dir;

  /** The cluster keystore. */
  static Path cluster;
  /** Another key, trusting only itself. */
  static Path stranger;
  /** Another key that trusts the cluster's certificate but is not the cluster key. */
  static Path impostor;

  private EventLoopGroup group;
  private Channel serverChannel;
  /** Outcome of every server-side handshake, in order: null for success, else the cause. */
  private final BlockingQueue<Throwable[]> serverHandshakes = new LinkedBlockingQueue<>();

  @BeforeAll
  static void makeKeystores() throws Exception {
    cluster = dir.resolve("cluster.p12");
    stranger = dir.resolve("stranger.p12");
    impostor = dir.resolve("impostor.p12");
    genKey(cluster, "p4j");
    genKey(stranger, "p4j");
    genKey(impostor, "p4j");
    Path cert = dir.resolve("cluster.crt");
    keytool("-exportcert", "-rfc", "-alias", "p4j", "-keystore", cluster.toString(), "-file", cert.toString());
    keytool("-importcert", "-noprompt", "-alias", "cluster", "-keystore", impostor.toString(),
        "-file", cert.toString());
  }

  static void genKey(Path ks, String alias) throws Exception {
    keytool("-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1",
        "-storetype", "PKCS12", "-keystore", ks.toString(), "-dname", "CN=petuum4j", "-validity", "2");
  }

  /** Runs keytool with the store password passed through the environment, as in production. */
  private static void keytool(String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    cmd.addAll(List.of(args));
    cmd.addAll(List.of("-storepass:env", PASSWORD_VAR));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put(PASSWORD_VAR, PASSWORD);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("keytool %s: %s", List.of(args), out).isZero();
  }

  @BeforeEach
  void startGroup() {
    group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
  }

  @AfterEach
  void stopGroup() {
    if (serverChannel != null) {
      serverChannel.close().syncUninterruptibly();
    }
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }

  /** Starts a TLS echo server with {@code tls} on 127.0.0.1 and returns its address. */
  private InetSocketAddress startEchoServer(TlsConfig tls) {
    serverChannel = new ServerBootstrap()
        .group(group)
        .channel(NioServerSocketChannel.class)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            SslHandler ssl = tls.newHandler(ch, true);
            ssl.handshakeFuture().addListener(f -> serverHandshakes.add(new Throwable[] {f.cause()}));
            ch.pipeline().addLast(ssl, new ChannelInboundHandlerAdapter() {
              @Override
              public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ctx.writeAndFlush(msg); // the write releases msg
              }

              @Override
              public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                ctx.close(); // handshake failures: recorded above
              }
            });
          }
        })
        .bind(new InetSocketAddress("127.0.0.1", 0))
        .syncUninterruptibly()
        .channel();
    return (InetSocketAddress) serverChannel.localAddress();
  }

  /** A client connection and what it has received so far. */
  private static final class Client {
    final Channel channel;
    final SslHandler ssl;
    final CompletableFuture<byte[]> received;

    Client(Channel channel, SslHandler ssl, CompletableFuture<byte[]> received) {
      this.channel = channel;
      this.ssl = ssl;
      this.received = received;
    }
  }

  /** Connects with {@code tls}; {@code received} completes once {@code expect} bytes arrived. */
  private Client connect(TlsConfig tls, InetSocketAddress to, int expect) {
    CompletableFuture<byte[]> received = new CompletableFuture<>();
    SslHandler[] ssl = new SslHandler[1];
    Channel ch = new Bootstrap()
        .group(group)
        .channel(NioSocketChannel.class)
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ssl[0] = tls.newHandler(ch, false);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ch.pipeline().addLast(ssl[0], new SimpleChannelInboundHandler<ByteBuf>() {
              @Override
              protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) {
                byte[] b = new byte[msg.readableBytes()];
                msg.readBytes(b); // msg is released by SimpleChannelInboundHandler
                bytes.writeBytes(b);
                if (bytes.size() >= expect) {
                  received.complete(bytes.toByteArray());
                }
              }

              @Override
              public void channelInactive(ChannelHandlerContext ctx) {
                received.completeExceptionally(new IOException("closed after " + bytes.size()
                    + " bytes"));
              }

              @Override
              public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                received.completeExceptionally(cause);
                ctx.close();
              }
            });
          }
        })
        .connect(to)
        .syncUninterruptibly()
        .channel();
    return new Client(ch, ssl[0], received);
  }

  private static Throwable awaitFailure(Future<?> f) {
    assertThat(f.awaitUninterruptibly(20, TimeUnit.SECONDS)).as("handshake finished").isTrue();
    assertThat(f.isSuccess()).as("handshake succeeded").isFalse();
    return f.cause();
  }

  /** The connection ends (closed or failed) without a single byte coming back. */
  private static void assertNothingEchoed(Client c) {
    assertThatThrownBy(() -> c.received.get(20, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
    assertThat(c.channel.closeFuture().awaitUninterruptibly(20, TimeUnit.SECONDS)).isTrue();
  }

  private Throwable nextServerHandshake() throws InterruptedException {
    Throwable[] outcome = serverHandshakes.poll(20, TimeUnit.SECONDS);
    assertThat(outcome).as("server handshake finished").isNotNull();
    return outcome[0];
  }

  @Test
  void membersSharingTheKeystoreExchangeBytesOverTls13() throws Exception {
    TlsConfig tls = TlsConfig.fromEnvironment(cluster, PASSWORD_VAR, Map.of(PASSWORD_VAR, PASSWORD));
    assertThat(tls.protocols()).containsExactly("TLSv1.3", "TLSv1.2");
    InetSocketAddress addr = startEchoServer(tls);

    byte[] payload = new byte[100_000]; // several TLS records each way
    new Random(7).nextBytes(payload);
    Client c = connect(tls, addr, payload.length);
    assertThat(c.ssl.handshakeFuture().awaitUninterruptibly(20, TimeUnit.SECONDS)).isTrue();
    assertThat(c.ssl.handshakeFuture().cause()).isNull();
    assertThat(c.ssl.engine().getSession().getProtocol()).isEqualTo("TLSv1.3");
    assertThat(nextServerHandshake()).isNull();

    c.channel.writeAndFlush(c.channel.alloc().buffer(payload.length).writeBytes(payload)).syncUninterruptibly();
    assertThat(c.received.get(20, TimeUnit.SECONDS)).isEqualTo(payload);
    c.channel.close().syncUninterruptibly();
  }

  @Test
  void clientWithAnotherKeyRejectsTheServerAndIsRejected() throws Exception {
    InetSocketAddress addr = startEchoServer(TlsConfig.load(cluster, PASSWORD.toCharArray()));
    Client c = connect(TlsConfig.load(stranger, PASSWORD.toCharArray()), addr, 1);

    assertThat(awaitFailure(c.ssl.handshakeFuture())).isInstanceOf(SSLHandshakeException.class);
    assertThat(nextServerHandshake()).isInstanceOf(SSLHandshakeException.class);
    assertNothingEchoed(c);
  }

  @Test
  void serverRejectsAClientThatTrustsItButLacksTheClusterKey() throws Exception {
    InetSocketAddress addr = startEchoServer(TlsConfig.load(cluster, PASSWORD.toCharArray()));
    Client c = connect(TlsConfig.load(impostor, PASSWORD.toCharArray()), addr, 5);
    // Under TLS 1.3 the client may finish its side before the server checks its certificate;
    // what matters is that the server refuses it and nothing is echoed.
    c.ssl.handshakeFuture().awaitUninterruptibly(20, TimeUnit.SECONDS);
    if (c.ssl.handshakeFuture().isSuccess()) {
      c.channel.writeAndFlush(c.channel.alloc().buffer().writeBytes("hello".getBytes(StandardCharsets.US_ASCII)));
    }
    assertThat(nextServerHandshake()).isInstanceOf(SSLHandshakeException.class);
    assertNothingEchoed(c);
  }

  @Test
  void wrongPasswordIsAClearErrorNamingThePathButNotThePassword() {
    String wrong = "not-the-password-42";
    assertThatThrownBy(() -> TlsConfig.load(cluster, wrong.toCharArray()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("wrong password")
        .hasMessageContaining(cluster.toString())
        .hasMessageNotContaining(wrong)
        .hasMessageNotContaining(PASSWORD);
    assertThatThrownBy(() -> TlsConfig.fromEnvironment(cluster, PASSWORD_VAR, Map.of(PASSWORD_VAR, wrong)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("wrong password")
        .hasMessageNotContaining(wrong);
  }

  @Test
  void missingUnreadableOrUnsuitableKeystoresAreClearErrors() throws Exception {
    Path missing = dir.resolve("no-such.p12");
    assertThatThrownBy(() -> TlsConfig.load(missing, PASSWORD.toCharArray()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(missing.toString());
    assertThatThrownBy(() -> TlsConfig.load(dir, PASSWORD.toCharArray()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(dir.toString());

    Path garbage = dir.resolve("garbage.p12");
    Files.writeString(garbage, "this is not a keystore");
    assertThatThrownBy(() -> TlsConfig.load(garbage, PASSWORD.toCharArray()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(garbage.toString())
        .hasMessageNotContaining(PASSWORD);

    Path certsOnly = dir.resolve("certs-only.p12");
    keytool("-importcert", "-noprompt", "-storetype", "PKCS12", "-alias", "cluster",
        "-keystore", certsOnly.toString(), "-file", dir.resolve("cluster.crt").toString());
    assertThatThrownBy(() -> TlsConfig.load(certsOnly, PASSWORD.toCharArray()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(certsOnly.toString())
        .hasMessageContaining("exactly one private key");

    assertThatThrownBy(() -> TlsConfig.fromEnvironment(cluster, "P4J_UNSET_VARIABLE", Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("P4J_UNSET_VARIABLE")
        .hasMessageContaining("not set");
    assertThatThrownBy(() -> TlsConfig.fromEnvironment(cluster, PASSWORD_VAR, Map.of(PASSWORD_VAR, "")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty");
  }

  @Test
  void toStringNamesTheKeystoreNeverThePassword() {
    TlsConfig tls = TlsConfig.load(cluster, PASSWORD.toCharArray());
    assertThat(tls.toString()).contains(cluster.toString()).doesNotContain(PASSWORD);
    assertThat(tls.keystore()).isEqualTo(cluster);
    assertThat(tls.serverContext().isServer()).isTrue();
    assertThat(tls.clientContext().isClient()).isTrue();
  }
}
