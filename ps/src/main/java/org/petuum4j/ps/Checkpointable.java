package org.petuum4j.ps;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * A worker thread's own state that a checkpoint must hold for the thread to continue where it
 * left off: data position, topic assignments, random-generator state. Register it with {@link
 * WorkerContext#checkpointed}; tables need no such help, the servers save them.
 */
public interface Checkpointable {

  /** Writes the state as it is at the end of the current clock. */
  void save(DataOutputStream out) throws IOException;

  /** Replaces the state with one {@link #save} wrote. */
  void restore(DataInputStream in) throws IOException;
}
