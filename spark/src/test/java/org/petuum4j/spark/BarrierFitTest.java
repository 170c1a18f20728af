package org.petuum4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BarrierFitTest {
  @Test
  void hostOf_dropsThePortAndIpv6Brackets() {
    assertThat(BarrierFit.hostOf("10.0.0.5:40123")).isEqualTo("10.0.0.5");
    assertThat(BarrierFit.hostOf("node-3.example.org:7077")).isEqualTo("node-3.example.org");
    assertThat(BarrierFit.hostOf("[fe80::1]:40123")).isEqualTo("fe80::1");
    assertThat(BarrierFit.hostOf("localhost")).isEqualTo("localhost");
  }
}
