package org.petuum4j.net;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.petuum4j.ps.PsException;
import org.petuum4j.ps.TableSpec;
import org.petuum4j.ps.WorkerProgram;
import org.petuum4j.ps.checkpoint.CheckpointOptions;
import org.petuum4j.ps.checkpoint.CheckpointStore;
import org.petuum4j.ps.checkpoint.Checkpointing;
import org.petuum4j.ps.checkpoint.ProcessCheckpoints;
import org.petuum4j.ps.client.LocalWorkers;
import org.petuum4j.ps.client.PsClient;
import org.petuum4j.ps.job.JobFactory;
import org.petuum4j.ps.job.JobParams;
import org.petuum4j.ps.job.JobShape;
import org.petuum4j.ps.job.ProcessContext;
import org.petuum4j.ps.transport.ShardChannel;
import org.petuum4j.ps.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker process: joins the coordinator, and on {@code START} connects to every server, builds
 * the job's program from its factory and runs it on its worker threads, with barriers through the
 * coordinator. Reports {@code DONE} or {@code FAILED}, then waits for the coordinator's shutdown.
 */
final class WorkerNode implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WorkerNode.class);

  private final int index;
  private final Net net;
  private final FactoryResolver resolver;
  /** Set once joined; the coordinator may answer the JOIN before the constructor has stored it. */
  private final CompletableFuture<CoordinatorLink> link = new CompletableFuture<>();
  private final CompletableFuture<String> finished = new CompletableFuture<>();
  private final List<DataConnection> connections = new ArrayList<>();
  private final Object barrierLock = new Object();
  private int released = -1;
  private int committedClock = -1;
  private volatile String failure;
  private volatile PsClient client;
  private volatile boolean jobDone;
  /** This process's in-memory input for the program, or null; see {@link ProcessContext#input()}. */
  private final Object input;

  WorkerNode(NetConfig config, int index, String coordinatorHost, int coordinatorPort, String advertisedHost,
      FactoryResolver resolver) throws IOException {
    this(config, index, coordinatorHost, coordinatorPort, advertisedHost, resolver, null);
  }

  WorkerNode(NetConfig config, int index, String coordinatorHost, int coordinatorPort, String advertisedHost,
      FactoryResolver resolver, Object input) throws IOException {
    this.index = index;
    this.input = input;
    this.resolver = resolver;
    this.net = new Net(config, 2);
    try {
      CoordinatorLink joined = CoordinatorLink.join(net, coordinatorHost, coordinatorPort, Role.WORKER, index,
          advertisedHost, 0, new CoordinatorLink.Listener() {
            @Override
            public void onMessage(MessageType type, ByteBuf f) {
              switch (type) {
                case START -> start(f);
                case CHECKPOINT_DONE -> {
                  int clock = f.readInt();
                  Wire.end(f, type);
                  synchronized (barrierLock) {
                    committedClock = clock;
                    barrierLock.notifyAll();
                  }
                }
                case BARRIER_RELEASE -> {
                  int no = f.readInt();
                  Wire.end(f, type);
                  synchronized (barrierLock) {
                    released = no;
                    barrierLock.notifyAll();
                  }
                }
                default -> throw new ProtocolException("worker got unexpected " + type);
              }
            }

            @Override
            public void onEnd(String why) {
              if (why != null) {
                abort(why);
              }
              finished.complete(why);
            }
          });
      link.complete(joined);
    } catch (IOException | RuntimeException e) {
      net.close();
      throw e;
    }
  }

  CompletableFuture<String> finished() {
    return finished;
  }

  private void start(ByteBuf f) {
    String factory = Wire.readString(f);
    Map<String, String> params = Wire.readParams(f);
    List<TableSpec> specs = Wire.readSpecs(f);
    int workers = f.readInt();
    int shards = f.readInt();
    int processId = f.readInt();
    int firstWorker = f.readInt();
    int localWorkers = f.readInt();
    int n = Wire.count(f, 1 << 16, 8);
    List<ServerAddress> servers = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      servers.add(new ServerAddress(Wire.readString(f), f.readInt()));
    }
    CheckpointOptions checkpoints = Wire.readCheckpoints(f);
    String resumeDir = Wire.readString(f);
    int resumeClock = f.readInt();
    Wire.end(f, MessageType.START);
    CheckpointStore.Checkpoint resumeFrom = resumeDir.isEmpty() ? null
        : new CheckpointStore.Checkpoint(java.nio.file.Path.of(resumeDir), resumeClock);
    Checkpointing checkpointing = checkpoints == null && resumeFrom == null ? Checkpointing.NONE
        : new ProcessCheckpoints(checkpoints != null ? checkpoints.store() : new CheckpointStore(resumeFrom.dir(), 1),
            checkpoints == null ? 0 : checkpoints.every(), localWorkers, resumeFrom, this::commitCheckpoint);
    Thread t = new Thread(() -> run(factory, JobParams.of(params), specs, new JobShape(workers, shards), processId,
        firstWorker, localWorkers, servers, checkpointing), "petuum4j-job-" + index);
    t.setDaemon(true);
    t.start();
  }

  private void run(String factoryName, JobParams params, List<TableSpec> specs, JobShape shape, int processId,
      int firstWorker, int localWorkers, List<ServerAddress> servers, Checkpointing checkpointing) {
    try {
      LOG.info("worker process {} runs workers [{}, {}) of {}", index, firstWorker, firstWorker + localWorkers, shape.workers());
      for (ServerAddress s : servers) {
        connections.add(DataConnection.open(net, s, specs, this::lostServer));
      }
      Transport transport = new Transport() {
        @Override
        public int numShards() {
          return shape.shards();
        }

        @Override
        public ShardChannel[] connect(ClientRegistration reg, org.petuum4j.ps.transport.ClientChannel channel) {
          for (DataConnection c : connections) {
            c.register(reg.processId(), reg.firstWorker(), reg.numWorkers(), channel);
          }
          ShardChannel[] out = new ShardChannel[shape.shards()];
          for (int s = 0; s < out.length; s++) {
            out[s] = connections.get(s % connections.size()).shard(s);
          }
          return out;
        }
      };
      PsClient c = new PsClient(processId, firstWorker, localWorkers, shape.workers(), specs, transport,
          PsClient.Options.DEFAULT);
      client = c;
      if (failure != null) {
        c.abort(new PsException(failure));
      }
      JobFactory factory = resolver.resolve(factoryName);
      WorkerProgram program = factory.program(params, new ProcessContext(firstWorker, localWorkers, shape,
          event -> coordinator().sendText(MessageType.EVENT, event), input));
      int[] barrierNo = {0};
      LocalWorkers.run(c, program, () -> globalBarrier(barrierNo[0]++), checkpointing);
      jobDone = true;
      coordinator().send(MessageType.DONE, b -> {});
      LOG.info("worker process {} finished its workers", index);
    } catch (Throwable e) {
      if (failure == null) {
        Throwable root = e instanceof PsException && e.getCause() != null ? e.getCause() : e;
        LOG.error("worker process {} failed", index, root);
        coordinator().sendText(MessageType.FAILED, root.toString());
      }
    }
  }

  /** This process's part of a checkpoint is written: report it and wait for the coordinator's commit. */
  private void commitCheckpoint(int clock, Map<String, String> files) {
    coordinator().send(MessageType.CHECKPOINT, b -> {
      b.writeInt(clock);
      Wire.writeParams(b, files);
    });
    synchronized (barrierLock) {
      while (committedClock < clock) {
        if (failure != null) {
          throw new PsException(failure);
        }
        try {
          barrierLock.wait(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new PsException("interrupted in a checkpoint", e);
        }
      }
    }
  }

  private void globalBarrier(int no) {
    coordinator().send(MessageType.BARRIER, b -> b.writeInt(no));
    synchronized (barrierLock) {
      while (released < no) {
        if (failure != null) {
          throw new PsException(failure);
        }
        try {
          barrierLock.wait(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new PsException("interrupted in a barrier", e);
        }
      }
    }
  }

  private void lostServer(String why) {
    if (failure == null && !jobDone && !finished.isDone()) {
      coordinator().sendText(MessageType.FAILED, why);
      abort(why);
    }
  }

  private void abort(String why) {
    failure = why;
    PsClient c = client;
    if (c != null) {
      c.abort(new PsException(why));
    }
    synchronized (barrierLock) {
      barrierLock.notifyAll();
    }
  }

  private CoordinatorLink coordinator() {
    return link.join();
  }

  @Override
  public void close() {
    abort("worker process closed");
    finished.complete("worker process closed");
    coordinator().close();
    for (DataConnection c : connections) {
      c.close();
    }
    net.close();
  }
}
