package org.petuum4j.ps;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.PropertyDefaults;
import net.jqwik.api.Provide;

/**
 * The SSP contract as a property: random programs (staleness 0, 1, 3 or unbounded, SSP and
 * SSP-push, 1-4 shards, 1-8 workers, a straggler) keep the guarantee on every run. One subclass
 * per transport supplies the {@link JobRunner}; a subclass may lower the tries with its own
 * {@code @PropertyDefaults}.
 */
@PropertyDefaults(tries = 300)
public abstract class ConsistencyContract {

  /** The deployment under test. */
  protected abstract JobRunner runner();

  @Property(edgeCases = EdgeCasesMode.MIXIN)
  void randomProgramsKeepTheSspGuarantee(@ForAll("programs") RandomProgram program) {
    List<String> violations = program.runAndCheck(runner());
    assertThat(violations).as("violations of %s", program).isEmpty();
  }

  @Provide
  Arbitrary<RandomProgram> programs() {
    Arbitrary<Consistency> consistency = Arbitraries.oneOf(
        Arbitraries.of(0, 1, 3).map(Consistency::ssp),
        Arbitraries.of(0, 1, 3).map(Consistency::sspPush),
        Arbitraries.just(Consistency.asp()));
    return Combinators.combine(
            Arbitraries.integers().between(1, 8),
            Arbitraries.integers().between(1, 4),
            consistency,
            Arbitraries.of(RowKind.class),
            Arbitraries.of(ValueType.INT, ValueType.LONG),
            Arbitraries.integers().between(2, 8),
            Arbitraries.integers().between(0, 2000),
            Arbitraries.longs())
        .as((workers, shards, cons, kind, type, clocks, stragglerMicros, seed) ->
            new RandomProgram(workers, shards, cons, kind, type, clocks, 1 + (int) Math.floorMod(seed, 3L),
                (int) Math.floorMod(seed, (long) workers), stragglerMicros, seed));
  }
}
