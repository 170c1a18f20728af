package org.petuum4j.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.petuum4j.bench.SspStragglerBench.Setup;

class MfSspStragglerBenchTest {
  @Test
  void setups_stalenessThenBspWithoutStraggler() {
    List<Setup> s = SspStragglerBench.setups("0,2,inf");
    assertThat(s).extracting(Setup::name).containsExactly("BSP", "SSP(2)", "ASP (unbounded)", "BSP, no straggler");
    assertThat(s).extracting(Setup::straggler).containsExactly(true, true, true, false);
    assertThatThrownBy(() -> SspStragglerBench.setups("1,2")).hasMessageContaining("must start with 0");
  }

  @Test
  void findings_sayWhatTheNumbersSay() {
    List<Setup> s = SspStragglerBench.setups("0,2,8,inf");
    Map<Setup, Double> time = map(s, 6.0, 3.0, 4.0, 3.1, 1.0);
    Map<Setup, Double> total = map(s, 8.0, 5.0, 5.0, 5.0, 2.0);
    Map<Setup, Double> rmse = map(s, 0.5, 0.5, 0.5, 0.5, 0.5);
    Setup best = SspStragglerBench.bestBounded(s, time);
    assertThat(best.name()).isEqualTo("SSP(2)");
    String f = MfSspStragglerBench.findings(s, time, total, rmse, best, 6.0, 600, 50);
    assertThat(f).contains("BSP takes 4.0x as long as without the straggler")
        .contains("SSP(2) reaches the target in 3.00 s against BSP's 6.00 s (2.00x faster)")
        .contains("SSP(8) 1.50x")
        .contains("Unbounded staleness does not hurt");

    Map<Setup, Double> slowAsp = map(s, 6.0, 3.0, 4.0, Double.NaN, 1.0);
    assertThat(MfSspStragglerBench.findings(s, slowAsp, total, rmse, best, 6.0, 600, 50))
        .contains("ASP did not reach the target");
    Map<Setup, Double> noWin = map(s, 3.0, 4.0, 5.0, 6.0, 1.0);
    assertThat(MfSspStragglerBench.findings(s, noWin, total, rmse, SspStragglerBench.bestBounded(s, noWin),
        6.0, 600, 50)).contains("No bounded staleness beat BSP here");
  }

  private static Map<Setup, Double> map(List<Setup> s, double... v) {
    Map<Setup, Double> m = new LinkedHashMap<>();
    for (int i = 0; i < s.size(); i++) {
      m.put(s.get(i), v[i]);
    }
    return m;
  }
}
