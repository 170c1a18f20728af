package org.petuum4j.net;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

/**
 * Optional TLS for every cluster connection, through Netty's {@link SslHandler}.
 *
 * <p><b>One keystore for the whole cluster.</b> The configuration comes from one PKCS12 keystore
 * that every member (coordinator, servers, workers) shares. It must hold exactly one private key
 * entry (key plus certificate chain, the key protected by the store password, as {@code keytool}
 * writes PKCS12), and may hold further trusted-certificate entries. The same keystore is both
 * the key store and the trust store: a peer is trusted iff it presents the certificate of the
 * key entry or one of the trusted-certificate entries (or a chain ending in one of them). The
 * key entry's own chain beyond its leaf is not trusted implicitly; add a CA as a
 * trusted-certificate entry to trust everything it signs.
 *
 * <p><b>Both ends are verified.</b> The server context requires a client certificate
 * ({@link ClientAuth#REQUIRE}) and the client context verifies the server's certificate, both
 * against the keystore's trusted certificates; a peer without the cluster key fails the
 * handshake on either side. Hostname verification is off on purpose: members are addressed by IP
 * address or host name interchangeably and all present the same certificate, so the identity
 * that matters is possession of the cluster key, not a name. TLS gives confidentiality and
 * integrity; the shared-secret challenge-response that authenticates every connection still runs,
 * inside TLS, as the cluster's peer authentication, whether or not TLS is on.
 *
 * <p><b>Password.</b> The keystore password comes from an environment variable whose name the
 * cluster spec gives ({@link #fromEnvironment(Path, String)}), never from a command-line argument,
 * where {@code ps} would show it. It is used while loading and then wiped; it never appears in
 * messages, exceptions or {@link #toString()}.
 *
 * <p>Protocols: TLSv1.3, with TLSv1.2 as fallback, on the JDK provider ({@link SslProvider#JDK}).
 * Instances are immutable and thread-safe; both contexts are built, and every problem with the
 * keystore reported, when the instance is created.
 */
public final class TlsConfig {

  /** Preferred protocols, best first; those the running JDK lacks are dropped. */
  private static final List<String> WANTED_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

  private final Path keystore;
  private final List<String> protocols;
  private final SslContext serverContext;
  private final SslContext clientContext;

  private TlsConfig(Path keystore, List<String> protocols, SslContext serverContext, SslContext clientContext) {
    this.keystore = keystore;
    this.protocols = protocols;
    this.serverContext = serverContext;
    this.clientContext = clientContext;
  }

  /**
   * Loads the cluster keystore, taking its password from the environment variable
   * {@code passwordVariable} (the name the cluster spec gives).
   *
   * @throws IllegalArgumentException if the variable is unset or empty, or as in {@link #load}
   */
  public static TlsConfig fromEnvironment(Path keystore, String passwordVariable) {
    return fromEnvironment(keystore, passwordVariable, System.getenv());
  }

  /** {@link #fromEnvironment(Path, String)} with an explicit environment, for tests. */
  static TlsConfig fromEnvironment(Path keystore, String passwordVariable, Map<String, String> env) {
    Objects.requireNonNull(keystore, "keystore");
    Objects.requireNonNull(passwordVariable, "passwordVariable");
    String value = env.get(passwordVariable);
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException("the password of TLS keystore " + keystore + " is read from environment"
          + " variable " + passwordVariable + ", which is " + (value == null ? "not set" : "empty"));
    }
    char[] password = value.toCharArray();
    try {
      return load(keystore, password);
    } finally {
      Arrays.fill(password, '\0');
    }
  }

  /**
   * Loads a PKCS12 keystore and builds the server and client contexts from it. The caller's
   * {@code password} array is not modified; the copies made here are wiped after use.
   *
   * @throws IllegalArgumentException naming the path if the file is missing or unreadable, is not
   *     a PKCS12 keystore, the password is wrong, or it does not hold exactly one private key
   * @throws IllegalStateException if the JDK supports neither TLSv1.3 nor TLSv1.2
   */
  public static TlsConfig load(Path keystore, char[] password) {
    Objects.requireNonNull(keystore, "keystore");
    Objects.requireNonNull(password, "password");
    if (!Files.isRegularFile(keystore)) {
      throw new IllegalArgumentException("TLS keystore " + keystore + " does not exist or is not a regular file");
    }
    if (!Files.isReadable(keystore)) {
      throw new IllegalArgumentException("TLS keystore " + keystore + " is not readable");
    }
    char[] pw = password.clone();
    try {
      KeyStore ks = readKeystore(keystore, pw);
      String keyAlias = theKeyAlias(keystore, ks);
      KeyManagerFactory kmf = keyManagers(keystore, ks, keyAlias, pw);
      TrustManagerFactory tmf = trustManagers(keystore, ks, keyAlias);
      List<String> protocols = supportedProtocols();
      SslContext server = SslContextBuilder.forServer(kmf)
          .trustManager(tmf)
          .clientAuth(ClientAuth.REQUIRE)
          .sslProvider(SslProvider.JDK)
          .protocols(protocols)
          .build();
      SslContext client = SslContextBuilder.forClient()
          .keyManager(kmf)
          .trustManager(tmf)
          .sslProvider(SslProvider.JDK)
          .protocols(protocols)
          // Off on purpose, see the class comment: identity is the cluster key, not a name.
          .endpointIdentificationAlgorithm(null)
          .build();
      return new TlsConfig(keystore, protocols, server, client);
    } catch (SSLException e) {
      throw new IllegalArgumentException("cannot build TLS contexts from keystore " + keystore + ": "
          + e.getMessage(), e);
    } finally {
      Arrays.fill(pw, '\0');
    }
  }

  private static KeyStore readKeystore(Path path, char[] pw) {
    try (InputStream in = Files.newInputStream(path)) {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(in, pw);
      return ks;
    } catch (IOException e) {
      if (hasCause(e, UnrecoverableKeyException.class)) {
        throw new IllegalArgumentException("wrong password for TLS keystore " + path, e);
      }
      throw new IllegalArgumentException("cannot read TLS keystore " + path + " as PKCS12: " + e.getMessage(), e);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot read TLS keystore " + path + " as PKCS12: " + e.getMessage(), e);
    }
  }

  private static String theKeyAlias(Path path, KeyStore ks) {
    List<String> keys = new ArrayList<>();
    try {
      for (String alias : Collections.list(ks.aliases())) {
        if (ks.isKeyEntry(alias)) {
          keys.add(alias);
        }
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot list TLS keystore " + path + ": " + e.getMessage(), e);
    }
    if (keys.size() != 1) {
      throw new IllegalArgumentException("TLS keystore " + path + " must hold exactly one private key entry,"
          + " found " + keys.size() + (keys.isEmpty() ? "" : " " + keys));
    }
    return keys.get(0);
  }

  private static KeyManagerFactory keyManagers(Path path, KeyStore ks, String alias, char[] pw) {
    try {
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, pw);
      return kmf;
    } catch (UnrecoverableKeyException e) {
      throw new IllegalArgumentException("private key '" + alias + "' in TLS keystore " + path
          + " cannot be recovered with the keystore password (PKCS12 keys must use the store password)", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot use the private key in TLS keystore " + path + ": "
          + e.getMessage(), e);
    }
  }

  private static TrustManagerFactory trustManagers(Path path, KeyStore ks, String keyAlias) {
    try {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      Certificate own = ks.getCertificate(keyAlias);
      if (own == null) {
        throw new IllegalArgumentException("private key '" + keyAlias + "' in TLS keystore " + path
            + " has no certificate");
      }
      trust.setCertificateEntry("cluster-key:" + keyAlias, own);
      for (String alias : Collections.list(ks.aliases())) {
        if (ks.isCertificateEntry(alias)) {
          trust.setCertificateEntry("trusted:" + alias, ks.getCertificate(alias));
        }
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      return tmf;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot build the trust store from TLS keystore " + path + ": "
          + e.getMessage(), e);
    }
  }

  private static List<String> supportedProtocols() {
    Set<String> supported;
    try {
      supported = Set.of(SSLContext.getDefault().getSupportedSSLParameters().getProtocols());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("no default SSLContext in this JDK", e);
    }
    List<String> p = WANTED_PROTOCOLS.stream().filter(supported::contains).toList();
    if (p.isEmpty()) {
      throw new IllegalStateException("this JDK supports neither of " + WANTED_PROTOCOLS + ": " + supported);
    }
    return p;
  }

  private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return true;
      }
    }
    return false;
  }

  /** The keystore this configuration was loaded from. */
  public Path keystore() {
    return keystore;
  }

  /** The enabled protocols, best first: {@code [TLSv1.3, TLSv1.2]} on any current JDK. */
  public List<String> protocols() {
    return protocols;
  }

  /** The context for accepting connections; it requires and verifies a client certificate. */
  public SslContext serverContext() {
    return serverContext;
  }

  /** The context for opening connections; it verifies the server's certificate, not its name. */
  public SslContext clientContext() {
    return clientContext;
  }

  /**
   * A fresh handler for one connection, to be the first handler of its pipeline.
   *
   * @param alloc the channel's allocator ({@code channel.alloc()})
   * @param server true on the accepting side, false on the connecting side
   */
  public SslHandler newHandler(ByteBufAllocator alloc, boolean server) {
    return (server ? serverContext : clientContext).newHandler(alloc);
  }

  /** {@link #newHandler(ByteBufAllocator, boolean)} with {@code channel.alloc()}. */
  public SslHandler newHandler(Channel channel, boolean server) {
    return newHandler(channel.alloc(), server);
  }

  /** Names the keystore and protocols; never the password. */
  @Override
  public String toString() {
    return "TlsConfig[keystore=" + keystore + ", protocols=" + protocols + "]";
  }
}
