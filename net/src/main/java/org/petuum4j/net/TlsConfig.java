package org.petuum4j.net;

import java.nio.file.Path;

/** Placeholder until the TLS piece lands; TLS is refused with a clear error meanwhile. */
final class TlsConfig {
  private TlsConfig() {}

  static TlsConfig fromEnvironment(Path keystore, String passwordEnv) {
    throw new IllegalArgumentException("TLS is not available in this build (keystore " + keystore + ")");
  }

  TlsSupport support() {
    throw new UnsupportedOperationException();
  }
}
