package org.petuum4j.net;

import java.time.Duration;

/**
 * Network settings shared by every process of a cluster.
 *
 * @param secret the cluster secret every connection proves
 * @param tls TLS for every connection, or {@code null} for plain TCP
 * @param maxFrameBytes largest frame accepted from an authenticated peer
 * @param heartbeatInterval how often idle control connections send a heartbeat
 * @param heartbeatTimeout silence after which a peer counts as dead
 * @param connectTimeout how long a connection attempt may take
 */
record NetConfig(ClusterSecret secret, TlsSupport tls, int maxFrameBytes, Duration heartbeatInterval,
    Duration heartbeatTimeout, Duration connectTimeout) {
  static final int DEFAULT_MAX_FRAME = 256 << 20;
  static final Duration DEFAULT_HEARTBEAT_TIMEOUT = Duration.ofSeconds(5);

  NetConfig {
    if (secret == null) {
      throw new IllegalArgumentException("a cluster secret is required");
    }
    if (maxFrameBytes < 1024) {
      throw new IllegalArgumentException("max frame must be >= 1024 bytes, was " + maxFrameBytes);
    }
    if (heartbeatTimeout.compareTo(heartbeatInterval.multipliedBy(2)) < 0) {
      throw new IllegalArgumentException("heartbeat timeout " + heartbeatTimeout.toMillis()
          + " ms must be at least twice the interval " + heartbeatInterval.toMillis() + " ms");
    }
  }

  /** Defaults with the given secret and heartbeat timeout: interval a quarter of the timeout. */
  static NetConfig of(ClusterSecret secret, TlsSupport tls, Duration heartbeatTimeout) {
    return new NetConfig(secret, tls, DEFAULT_MAX_FRAME, heartbeatTimeout.dividedBy(4), heartbeatTimeout,
        Duration.ofSeconds(10));
  }
}
