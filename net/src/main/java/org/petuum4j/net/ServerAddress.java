package org.petuum4j.net;

/** Where a server process serves: the host it advertises (name or IP) and its data port. */
record ServerAddress(String host, int port) {
  @Override
  public String toString() {
    return host + ":" + port;
  }
}
