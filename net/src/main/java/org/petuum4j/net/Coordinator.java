package org.petuum4j.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.petuum4j.ps.TableSpec;
import org.petuum4j.ps.checkpoint.CheckpointOptions;
import org.petuum4j.ps.checkpoint.CheckpointStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator process: membership, job set-up, barriers, failure detection and shutdown. One
 * job per cluster.
 *
 * <p>Implementation notes. Servers and workers {@code JOIN} (role, index, advertised host and data
 * port, pid) and wait. The driver joins and {@code SUBMIT}s the job (factory class, parameters,
 * table specs, worker threads, shards). Once every expected member has joined and a job is in,
 * each server gets {@code SETUP} (tables, worker count, its shard ids: shard {@code s} lives on
 * server {@code s mod S}); when all are {@code READY}, each worker process gets {@code START}
 * (its process id and range of worker threads, and every server's address) and the driver gets
 * {@code STARTED} (the server addresses, to read the final tables). A barrier is released when
 * every worker process has entered it. Worker {@code EVENT}s are forwarded to the driver. When
 * every worker process is {@code DONE}, the driver gets {@code JOB_DONE} and later sends {@code
 * SHUTDOWN}, which the coordinator relays to every member. Any failure report, lost connection or
 * heartbeat silence before shutdown aborts the job: every member gets {@code ABORT} with a message
 * naming the process and its host. All state is guarded by this object's monitor.
 */
final class Coordinator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Coordinator.class);

  /** One joined process. */
  record Member(Role role, int index, String host, int port, long pid, Channel channel) {
    String describe() {
      return role.label() + " process " + index + " (host " + host + ", pid " + pid + ")";
    }
  }

  private record Job(String factory, Map<String, String> params, List<TableSpec> specs, int workers, int shards,
      CheckpointOptions checkpoints) {}

  private final Net net;
  private final Channel listener;
  private final Member[] servers;
  private final Member[] workers;
  private Member driver;
  private Job job;
  private boolean setupSent;
  private int ready;
  private int done;
  private final boolean[] doneBy;
  private int barrierNo;
  private int barrierCount;
  private boolean shuttingDown;
  private String failure;
  private CheckpointStore.Checkpoint resumeFrom;
  private int checkpointClock;
  private int checkpointCount;
  private int shardsSavedCount;
  private final Map<String, String> checkpointFiles = new java.util.HashMap<>();
  private final CompletableFuture<String> finished = new CompletableFuture<>();

  Coordinator(NetConfig config, String bindHost, int port, int numServers, int numWorkers) throws IOException {
    if (numServers < 1 || numWorkers < 1) {
      throw new IllegalArgumentException("a cluster needs at least one server and one worker process");
    }
    this.servers = new Member[numServers];
    this.workers = new Member[numWorkers];
    this.doneBy = new boolean[numWorkers];
    this.net = new Net(config, 1);
    try {
      this.listener = net.listen(bindHost, port, true, Handler::new);
    } catch (IOException e) {
      net.close();
      throw e;
    }
    LOG.info("coordinator listening on {}", listener.localAddress());
  }

  int port() {
    return Net.address(listener).getPort();
  }

  /** Connections this process closed for failed authentication or a malformed or unexpected frame. */
  long rejectedConnections() {
    return net.rejectedConnections();
  }

  /** Completes when the cluster has shut down: with {@code null} after a clean job, else the failure. */
  CompletableFuture<String> finished() {
    return finished;
  }

  private final class Handler extends FrameHandler {
    private Member member;

    @Override
    void handle(ChannelHandlerContext ctx, MessageType type, ByteBuf f) {
      if (member == null) {
        if (type != MessageType.JOIN) {
          throw new ProtocolException("expected JOIN, got " + type);
        }
        Role role = Wire.enumAt(Role.values(), f.readByte());
        int index = f.readInt();
        String host = Wire.readString(f);
        int port = f.readInt();
        long pid = f.readLong();
        Wire.end(f, type);
        member = join(new Member(role, index, host, port, pid, ctx.channel()));
        return;
      }
      switch (type) {
        case SUBMIT -> {
          requireRole(Role.DRIVER, type);
          String factory = Wire.readString(f);
          Map<String, String> params = Wire.readParams(f);
          List<TableSpec> specs = Wire.readSpecs(f);
          int w = f.readInt();
          int s = f.readInt();
          CheckpointOptions c = Wire.readCheckpoints(f);
          Wire.end(f, type);
          submit(new Job(factory, params, specs, w, s, c));
        }
        case READY -> {
          requireRole(Role.SERVER, type);
          Wire.end(f, type);
          serverReady();
        }
        case BARRIER -> {
          requireRole(Role.WORKER, type);
          int no = f.readInt();
          Wire.end(f, type);
          barrier(member, no);
        }
        case EVENT -> {
          requireRole(Role.WORKER, type);
          String text = Wire.readString(f);
          Wire.end(f, type);
          event(text);
        }
        case DONE -> {
          requireRole(Role.WORKER, type);
          Wire.end(f, type);
          workerDone(member);
        }
        case FAILED -> {
          String message = Wire.readString(f);
          Wire.end(f, type);
          fail(member.describe() + " failed: " + message);
        }
        case CHECKPOINT -> {
          requireRole(Role.WORKER, type);
          int clock = f.readInt();
          Map<String, String> files = Wire.readParams(f);
          Wire.end(f, type);
          workerCheckpointed(clock, files);
        }
        case SHARDS_SAVED -> {
          requireRole(Role.SERVER, type);
          int clock = f.readInt();
          Map<String, String> files = Wire.readParams(f);
          Wire.end(f, type);
          shardsSaved(clock, files);
        }
        case SHUTDOWN -> {
          requireRole(Role.DRIVER, type);
          Wire.end(f, type);
          shutdown();
        }
        default -> throw new ProtocolException("unexpected " + type + " from " + member.describe());
      }
    }

    private void requireRole(Role role, MessageType type) {
      if (member.role() != role) {
        throw new ProtocolException(type + " from " + member.describe() + "; only a " + role.label() + " sends it");
      }
    }

    @Override
    void peerSilent(ChannelHandlerContext ctx) {
      if (member != null) {
        lost(member, "no heartbeat for " + net.config().heartbeatTimeout().toMillis() + " ms");
      }
      ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      if (member != null) {
        lost(member, "connection closed");
      }
    }
  }

  private synchronized Member join(Member m) {
    Member[] slots = switch (m.role()) {
      case SERVER -> servers;
      case WORKER -> workers;
      case DRIVER -> null;
    };
    if (slots == null) {
      if (driver != null) {
        throw new ProtocolException("a second driver tried to join; this cluster runs one job");
      }
      driver = m;
    } else {
      if (m.index() < 0 || m.index() >= slots.length) {
        throw new ProtocolException(m.role().label() + " index " + m.index() + " outside [0, " + slots.length + ")");
      }
      if (slots[m.index()] != null) {
        throw new ProtocolException(m.describe() + " joined twice");
      }
      slots[m.index()] = m;
    }
    LOG.info("{} joined from {}", m.describe(), m.channel().remoteAddress());
    if (failure != null) {
      send(m, MessageType.ABORT, failure);
    } else {
      maybeSetUp();
    }
    return m;
  }

  private synchronized void submit(Job j) {
    if (job != null) {
      throw new ProtocolException("a job was already submitted");
    }
    if (j.workers() < workers.length) {
      fail("the job has " + j.workers() + " worker threads but the cluster has " + workers.length
          + " worker processes; use at least one thread per process");
      return;
    }
    if (j.shards() < 1) {
      fail("the job needs at least one shard, has " + j.shards());
      return;
    }
    job = j;
    LOG.info("job {} submitted: {} worker threads, {} shards, {} tables", j.factory(), j.workers(), j.shards(), j.specs().size());
    maybeSetUp();
  }

  private void maybeSetUp() {
    if (setupSent || job == null || failure != null || Arrays.asList(servers).contains(null)
        || Arrays.asList(workers).contains(null)) {
      return;
    }
    setupSent = true;
    CheckpointOptions c = job.checkpoints();
    if (c != null && c.resume()) {
      try {
        resumeFrom = c.store().latest(job.factory(), job.specs(), job.workers(), w -> send(driver, MessageType.NOTE, w))
            .orElse(null);
      } catch (IOException | IllegalArgumentException e) {
        fail("cannot resume from " + c.dir() + ": " + e.getMessage());
        return;
      }
      send(driver, MessageType.NOTE, resumeFrom == null ? "no checkpoint in " + c.dir() + " yet; starting from the beginning"
          : "resuming from checkpoint " + resumeFrom.dir() + " at clock " + resumeFrom.clock());
    }
    for (Member s : servers) {
      List<Integer> ids = new ArrayList<>();
      for (int shard = s.index(); shard < job.shards(); shard += servers.length) {
        ids.add(shard);
      }
      ByteBuf b = Wire.frame(s.channel().alloc(), MessageType.SETUP, 256);
      Wire.writeSpecs(b, job.specs());
      b.writeInt(job.workers());
      b.writeInt(job.shards());
      b.writeInt(ids.size());
      ids.forEach(b::writeInt);
      Wire.writeCheckpoints(b, job.checkpoints());
      writeResume(b);
      s.channel().writeAndFlush(Wire.finish(b));
    }
  }

  private synchronized void serverReady() {
    if (++ready < servers.length || failure != null) {
      return;
    }
    int first = 0;
    for (Member w : workers) {
      int local = job.workers() / workers.length + (w.index() < job.workers() % workers.length ? 1 : 0);
      ByteBuf b = Wire.frame(w.channel().alloc(), MessageType.START, 1024);
      Wire.writeString(b, job.factory());
      Wire.writeParams(b, job.params());
      Wire.writeSpecs(b, job.specs());
      b.writeInt(job.workers()).writeInt(job.shards()).writeInt(w.index()).writeInt(first).writeInt(local);
      writeServers(b);
      Wire.writeCheckpoints(b, job.checkpoints());
      writeResume(b);
      w.channel().writeAndFlush(Wire.finish(b));
      first += local;
    }
    ByteBuf b = Wire.frame(driver.channel().alloc(), MessageType.STARTED, 256);
    writeServers(b);
    driver.channel().writeAndFlush(Wire.finish(b));
    LOG.info("job started on {} server and {} worker processes", servers.length, workers.length);
  }

  /** The checkpoint resumed from: its directory ("" for none) and clock. */
  private void writeResume(ByteBuf b) {
    Wire.writeString(b, resumeFrom == null ? "" : resumeFrom.dir().toString());
    b.writeInt(resumeFrom == null ? 0 : resumeFrom.clock());
  }

  private synchronized void workerCheckpointed(int clock, Map<String, String> files) {
    if (checkpointCount == 0) {
      checkpointClock = clock;
      checkpointFiles.clear();
    } else if (clock != checkpointClock) {
      throw new ProtocolException("checkpoint at clock " + clock + " while the one at " + checkpointClock + " is open");
    }
    checkpointFiles.putAll(files);
    if (++checkpointCount == workers.length) {
      for (Member s : servers) {
        ByteBuf b = Wire.frame(s.channel().alloc(), MessageType.SAVE_SHARDS, 4);
        b.writeInt(clock);
        s.channel().writeAndFlush(Wire.finish(b));
      }
    }
  }

  private synchronized void shardsSaved(int clock, Map<String, String> files) {
    if (clock != checkpointClock || checkpointCount != workers.length) {
      throw new ProtocolException("shards saved for clock " + clock + " that is not being checkpointed");
    }
    checkpointFiles.putAll(files);
    if (++shardsSavedCount < servers.length) {
      return;
    }
    checkpointCount = 0;
    shardsSavedCount = 0;
    try {
      job.checkpoints().store().commit(clock, job.factory(), job.specs(), job.workers(), checkpointFiles);
    } catch (IOException | RuntimeException e) {
      fail("checkpoint at clock " + clock + " failed: " + e);
      return;
    }
    LOG.info("checkpoint at clock {} committed", clock);
    for (Member m : workers) {
      ByteBuf b = Wire.frame(m.channel().alloc(), MessageType.CHECKPOINT_DONE, 4);
      b.writeInt(clock);
      m.channel().writeAndFlush(Wire.finish(b));
    }
  }

  private void writeServers(ByteBuf b) {
    b.writeInt(servers.length);
    for (Member s : servers) {
      Wire.writeString(b, s.host());
      b.writeInt(s.port());
    }
  }

  private synchronized void barrier(Member w, int no) {
    if (no != barrierNo) {
      throw new ProtocolException(w.describe() + " entered barrier " + no + " while barrier " + barrierNo + " is open");
    }
    if (++barrierCount == workers.length) {
      barrierCount = 0;
      barrierNo++;
      for (Member m : workers) {
        ByteBuf b = Wire.frame(m.channel().alloc(), MessageType.BARRIER_RELEASE, 4);
        b.writeInt(no);
        m.channel().writeAndFlush(Wire.finish(b));
      }
    }
  }

  private synchronized void event(String text) {
    if (driver != null) {
      send(driver, MessageType.EVENT, text);
    }
  }

  private synchronized void workerDone(Member w) {
    if (doneBy[w.index()]) {
      throw new ProtocolException(w.describe() + " reported DONE twice");
    }
    doneBy[w.index()] = true;
    if (++done == workers.length && failure == null) {
      LOG.info("every worker process finished");
      driver.channel().writeAndFlush(Wire.finish(Wire.frame(driver.channel().alloc(), MessageType.JOB_DONE, 0)));
    }
  }

  private synchronized void shutdown() {
    shuttingDown = true;
    LOG.info("shutting the cluster down");
    for (Member m : members()) {
      if (m.role() != Role.DRIVER) {
        m.channel().writeAndFlush(Wire.finish(Wire.frame(m.channel().alloc(), MessageType.SHUTDOWN, 0)));
      }
    }
    finished.complete(failure);
  }

  private synchronized void lost(Member m, String why) {
    if (shuttingDown) {
      return;
    }
    if (m.role() == Role.WORKER && doneBy[m.index()] && m.channel().isActive()) {
      return;
    }
    fail(m.describe() + " lost: " + why);
  }

  /** Aborts the job on every member, once. */
  synchronized void fail(String reason) {
    if (failure != null || shuttingDown) {
      return;
    }
    failure = reason;
    LOG.error("job failed: {}", reason);
    for (Member m : members()) {
      send(m, MessageType.ABORT, reason);
    }
    finished.complete(reason);
  }

  private List<Member> members() {
    List<Member> all = new ArrayList<>();
    for (Member m : servers) {
      if (m != null) {
        all.add(m);
      }
    }
    for (Member m : workers) {
      if (m != null) {
        all.add(m);
      }
    }
    if (driver != null) {
      all.add(driver);
    }
    return all;
  }

  private static void send(Member m, MessageType type, String text) {
    ByteBuf b = Wire.frame(m.channel().alloc(), type, text.length() + 4);
    Wire.writeString(b, text);
    m.channel().writeAndFlush(Wire.finish(b));
  }

  @Override
  public void close() {
    listener.close().syncUninterruptibly();
    net.close();
    finished.complete("coordinator closed");
  }
}
