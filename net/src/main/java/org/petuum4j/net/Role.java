package org.petuum4j.net;

/** The kinds of process in a cluster. */
enum Role {
  SERVER,
  WORKER,
  DRIVER;

  String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
