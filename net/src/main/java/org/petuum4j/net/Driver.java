package org.petuum4j.net;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.petuum4j.ps.PsException;
import org.petuum4j.ps.Row;
import org.petuum4j.ps.TableSpec;
import org.petuum4j.ps.checkpoint.CheckpointOptions;
import org.petuum4j.ps.job.EventSink;
import org.petuum4j.ps.job.JobParams;
import org.petuum4j.ps.job.JobResult;
import org.petuum4j.ps.job.JobShape;
import org.petuum4j.ps.transport.RowPartitioner;

/**
 * The driver: submits one job to a coordinator, delivers the workers' events to the caller's sink
 * in the caller's thread, and after the job reads the final rows from the servers. Closing the
 * result shuts the cluster down.
 */
final class Driver {
  private static final Object DONE = new Object();

  private record Note(String text) {}

  private Driver() {}

  /**
   * Runs a job and returns its final tables.
   *
   * @throws PsException if the job fails; the message names the failed process
   */
  static JobResult run(Net net, String coordinatorHost, int coordinatorPort, String factory, JobParams params,
      List<TableSpec> specs, JobShape shape, EventSink sink) throws IOException {
    return run(net, coordinatorHost, coordinatorPort, factory, params, specs, shape, null, sink);
  }

  /** As above, checkpointing and resuming as {@code checkpoints} says ({@code null}: neither). */
  static JobResult run(Net net, String coordinatorHost, int coordinatorPort, String factory, JobParams params,
      List<TableSpec> specs, JobShape shape, CheckpointOptions checkpoints, EventSink sink) throws IOException {
    BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
    CompletableFuture<List<ServerAddress>> started = new CompletableFuture<>();
    CoordinatorLink link = CoordinatorLink.join(net, coordinatorHost, coordinatorPort, Role.DRIVER, 0,
        "driver", 0, new CoordinatorLink.Listener() {
          @Override
          public void onMessage(MessageType type, ByteBuf f) {
            switch (type) {
              case EVENT -> {
                String text = Wire.readString(f);
                Wire.end(f, type);
                inbox.add(text);
              }
              case STARTED -> {
                int n = Wire.count(f, 1 << 16, 8);
                List<ServerAddress> servers = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                  servers.add(new ServerAddress(Wire.readString(f), f.readInt()));
                }
                Wire.end(f, type);
                started.complete(servers);
              }
              case NOTE -> {
                String text = Wire.readString(f);
                Wire.end(f, type);
                inbox.add(new Note(text));
              }
              case JOB_DONE -> {
                Wire.end(f, type);
                inbox.add(DONE);
              }
              default -> throw new ProtocolException("driver got unexpected " + type);
            }
          }

          @Override
          public void onEnd(String failure) {
            inbox.add(new PsException(failure == null ? "the cluster shut down before the job finished" : failure));
          }
        });
    boolean ok = false;
    try {
      link.send(MessageType.SUBMIT, b -> {
        Wire.writeString(b, factory);
        Wire.writeParams(b, params.asMap());
        Wire.writeSpecs(b, specs);
        b.writeInt(shape.workers()).writeInt(shape.shards());
        Wire.writeCheckpoints(b, checkpoints);
      });
      while (true) {
        Object o = inbox.take();
        if (o == DONE) {
          break;
        }
        if (o instanceof PsException e) {
          throw new PsException(e.getMessage());
        }
        if (o instanceof Note n) {
          sink.note(n.text());
          continue;
        }
        sink.emit((String) o);
      }
      List<ServerAddress> servers = started.get();
      List<DataConnection> readers = new ArrayList<>();
      for (ServerAddress s : servers) {
        readers.add(DataConnection.open(net, s, specs, why -> {}));
      }
      ok = true;
      return new JobResult() {
        @Override
        public Row read(String table, int row) {
          int id = -1;
          for (int i = 0; i < specs.size(); i++) {
            if (specs.get(i).name().equals(table)) {
              id = i;
            }
          }
          if (id < 0) {
            throw new IllegalArgumentException("no table named '" + table + "'");
          }
          specs.get(id).checkRow(row);
          int shard = RowPartitioner.shardOf(specs.get(id), row, shape.shards());
          return readers.get(shard % readers.size()).snapshot(shard, id, row);
        }

        @Override
        public void close() {
          readers.forEach(DataConnection::close);
          link.send(MessageType.SHUTDOWN, b -> {});
          link.close();
        }
      };
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PsException("interrupted while the job ran", e);
    } catch (ExecutionException e) {
      throw new PsException("the job did not start: " + e.getCause().getMessage(), e.getCause());
    } finally {
      if (!ok) {
        link.close();
      }
    }
  }
}
