package org.petuum4j.net;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The shared secret every process of a cluster holds, and the challenge-response built on it: each
 * side sends a fresh random nonce and proves it knows the secret with {@code HMAC-SHA256(secret,
 * role || serverNonce || clientNonce)}; the secret itself never crosses the wire. Immutable.
 */
public final class ClusterSecret {
  static final int NONCE_BYTES = 32;
  static final int MAC_BYTES = 32;
  private static final SecureRandom RANDOM = new SecureRandom();
  private final byte[] key;

  private ClusterSecret(byte[] key) {
    if (key.length < 16) {
      throw new IllegalArgumentException("the cluster secret must have at least 16 bytes, has " + key.length);
    }
    this.key = key.clone();
  }

  /** A secret from its text (e.g. the contents of a secret file, trimmed). */
  public static ClusterSecret of(String text) {
    return new ClusterSecret(text.trim().getBytes(StandardCharsets.UTF_8));
  }

  /** A fresh random secret, as hex text of 32 random bytes. */
  public static String generate() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  static byte[] nonce() {
    byte[] b = new byte[NONCE_BYTES];
    RANDOM.nextBytes(b);
    return b;
  }

  /** The proof of side {@code role} ("client" or "server") for the two nonces. */
  byte[] proof(String role, byte[] serverNonce, byte[] clientNonce) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      mac.update(role.getBytes(StandardCharsets.US_ASCII));
      mac.update(serverNonce);
      mac.update(clientNonce);
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  /** Constant-time comparison of a received proof with the expected one. */
  boolean verify(byte[] received, String role, byte[] serverNonce, byte[] clientNonce) {
    return MessageDigest.isEqual(received, proof(role, serverNonce, clientNonce));
  }

  @Override
  public String toString() {
    return "ClusterSecret[hidden]";
  }
}
