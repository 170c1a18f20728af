/**
 * The transport seam between client processes and server shards. A transport delivers {@link
 * org.petuum4j.ps.transport.ShardChannel} calls to shards and {@link
 * org.petuum4j.ps.transport.ClientChannel} calls back to client processes; the in-process
 * transport calls the shards directly, the network transport (module {@code net}) carries the
 * same messages over Netty. Both must keep messages from one process to one shard in order, and
 * pass the same contract tests.
 */
package org.petuum4j.ps.transport;
