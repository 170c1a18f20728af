/**
 * Consistent checkpoints: every K clocks all workers pause at a checkpoint barrier, having sent
 * and seen acknowledged every update of the clocks before; the servers then write their rows, each
 * worker its {@link org.petuum4j.ps.Checkpointable} state, and a manifest with a checksum per file
 * commits the checkpoint. A resumed job starts every worker at the checkpoint's clock.
 */
package org.petuum4j.ps.checkpoint;
