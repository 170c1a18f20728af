package org.petuum4j.ml.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DecimalParserTest {

  private static float parse(String s) {
    byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
    return DecimalParser.parseFloat(b, 0, b.length);
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "0", "1", "-1", "+1", "0.5", ".5", "5.", "1e3", "1E-3", "-2.5e+2", "0.000001", "123456789",
    "3.4028235e38", "1.17549435E-38", "1.4e-45", "0.1", "0.30000001192092896", "16777217",
    "9007199254740993", "1234567890123456789012345", "0.00000000000000000000000000001",
    "2.0000001", "1.00000017881393432617187499", "1.000000178813934326171875"
  })
  void parseFloat_matchesJdk(String text) {
    assertThat(Float.floatToIntBits(parse(text))).isEqualTo(Float.floatToIntBits(Float.parseFloat(text)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "-", "+", ".", "e5", "1e", "1e+", "abc", "1.2.3", "1x", "--1", "NaN",
      "Infinity", "1e39", "-1e39", "0x10", "1f", " 1"})
  void parseFloat_rejectsNonNumbersAndOverflow(String text) {
    assertThat(parse(text)).isNaN();
  }

  @Property(tries = 3000)
  void parseFloat_roundTripsEveryFiniteFloat(@ForAll float value) {
    if (!Float.isFinite(value)) {
      return;
    }
    assertThat(parse(Float.toString(value))).isEqualTo(value);
  }

  @Property(tries = 3000)
  void parseFloat_equalsJdkOnDecimalStrings(
      @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long digits,
      @ForAll @IntRange(min = -60, max = 40) int exponent) {
    String text = digits + "e" + exponent;
    float jdk = Float.parseFloat(text);
    if (Float.isFinite(jdk)) {
      assertThat(Float.floatToIntBits(parse(text))).isEqualTo(Float.floatToIntBits(jdk));
    } else {
      assertThat(parse(text)).isNaN();
    }
  }

  @Property(tries = 3000)
  void parseFloat_equalsJdkOnFixedPointStrings(
      @ForAll @IntRange(min = 0, max = 999_999_999) int whole,
      @ForAll @LongRange(min = 0, max = 99_999_999_999L) long fraction) {
    String text = whole + "." + fraction;
    assertThat(Float.floatToIntBits(parse(text))).isEqualTo(Float.floatToIntBits(Float.parseFloat(text)));
  }
}
