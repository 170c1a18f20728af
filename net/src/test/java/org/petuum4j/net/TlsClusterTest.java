package org.petuum4j.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.petuum4j.ps.WorkerProgram;
import org.petuum4j.ps.TableSpec;
import org.petuum4j.ps.job.EventSink;
import org.petuum4j.ps.job.JobFactory;
import org.petuum4j.ps.job.JobParams;
import org.petuum4j.ps.job.JobResult;
import org.petuum4j.ps.job.JobShape;
import org.petuum4j.ps.job.ProcessContext;

/** A whole job over TLS connections; a peer speaking plain TCP to a TLS cluster gets nowhere. */
class TlsClusterTest {
  @TempDir Path dir;

  @Test
  void jobOverTls_runs_andPlainPeersAreTurnedAway() throws Exception {
    Path keystore = dir.resolve("cluster.p12");
    TlsConfigTest.genKey(keystore, "p4j");
    TlsConfig tls = TlsConfig.load(keystore, TlsConfigTest.PASSWORD.toCharArray());
    NetConfig config = NetConfig.of(InJvmCluster.SECRET, tls::newHandler, Duration.ofSeconds(5));
    JobFactory factory = new JobFactory() {
      @Override
      public List<TableSpec> tables(JobParams params, JobShape shape) {
        return List.of(TestJobs.COUNTS);
      }

      @Override
      public WorkerProgram program(JobParams params, ProcessContext process) {
        return new TestJobs.Counting().program(JobParams.of(Map.of("clocks", "8")), process);
      }
    };
    try (JobResult r = InJvmCluster.run(config, 2, 2, factory, new JobShape(2, 2), EventSink.NONE)) {
      assertThat(r.read("counts", 1).getLong(0)).isEqualTo(2);
      assertThat(r.read("counts", 1).getLong(1)).isEqualTo(4);
    }

    try (Coordinator c = new Coordinator(config, "127.0.0.1", 0, 1, 1);
        java.net.Socket plain = new java.net.Socket("127.0.0.1", c.port())) {
      // A plain-TCP peer: its first frame is not a TLS record, so the coordinator hangs up.
      plain.setSoTimeout(10_000);
      plain.getOutputStream().write(new byte[] {0, 0, 0, 1, MessageType.HEARTBEAT.id});
      int read;
      try {
        read = plain.getInputStream().read();
      } catch (java.net.SocketException reset) {
        read = -1;
      }
      assertThat(read).as("the TLS listener closes a plain connection").isEqualTo(-1);
    }
  }
}
