package org.petuum4j.ml.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** {@link LibSvmRegressionReader#decimal}: the same double as {@link Double#parseDouble}, or NaN. */
class LibSvmRegressionDecimalTest {
  private static double parse(String s) {
    // Embedded in other text, as the reader sees a token inside its line.
    String line = "x " + s + " y";
    return LibSvmRegressionReader.decimal(line, 2, 2 + s.length());
  }

  @Property(tries = 5000)
  void plainDecimals_equalParseDouble(@ForAll @LongRange(min = 0, max = 999_999_999_999_999_999L) long digits,
      @ForAll @IntRange(min = 0, max = 25) int scale, @ForAll boolean negative) {
    String s = (negative ? "-" : "") + BigDecimal.valueOf(digits, scale).toPlainString();
    assertThat(Double.doubleToRawLongBits(parse(s))).as(s)
        .isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(s)));
  }

  @Property(tries = 2000)
  void shortDecimals_equalParseDouble(@ForAll @IntRange(min = 0, max = 999_999) int digits,
      @ForAll @IntRange(min = 0, max = 8) int scale) {
    String s = BigDecimal.valueOf(digits, scale).toPlainString();
    assertThat(parse(s)).as(s).isEqualTo(Double.parseDouble(s));
  }

  @Test
  void otherSpellings_andNonNumbers() {
    String[] same = {"0", "-0", "+5", "1.", ".5", "000123", "0.003922", "1e3", "-2.5E-7", "12345678901234567890",
        "0.1234567890123456789", "3.0", "1e308"};
    for (String s : same) {
      assertThat(Double.doubleToRawLongBits(parse(s))).as(s)
          .isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(s)));
    }
    for (String s : new String[] {"", ".", "-", "abc", "1.2.3", "NaN", "Infinity", "1e999", "0x10", "1,5", "1:2"}) {
      assertThat(parse(s)).as(s).isNaN();
    }
  }
}
