package org.petuum4j.ml.data;

import java.nio.charset.StandardCharsets;

/**
 * Parses decimal floating-point numbers straight from bytes, so readers need not build a String
 * per token.
 *
 * <p>Implementation notes: the digits are gathered into a long significand {@code m} and a
 * decimal exponent {@code e}. When {@code m <= 2^24} and {@code |e| <= 10}, both {@code m} and
 * {@code 10^|e|} are exact floats and one float multiply or divide is correctly rounded (Clinger's
 * fast path). Otherwise, when {@code m < 2^53} and {@code |e| <= 22}, the double fast path gives
 * the correctly rounded double {@code d}; rounding {@code d} to float is then correct unless
 * {@code d} sits exactly halfway between two floats (double rounding), which we detect and hand,
 * like every other case, to {@link Float#parseFloat}. So results equal {@code Float.parseFloat}
 * bit for bit.
 */
final class DecimalParser {
  private DecimalParser() {}

  private static final float[] FLOAT_POW10 = {
    1e0f, 1e1f, 1e2f, 1e3f, 1e4f, 1e5f, 1e6f, 1e7f, 1e8f, 1e9f, 1e10f
  };
  private static final double[] DOUBLE_POW10 = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
  };
  /** Significands stay below this so that {@code m * 10 + 9} cannot overflow. */
  private static final long SIGNIFICAND_LIMIT = 100_000_000_000_000_000L;
  private static final long DOUBLE_EXACT_LIMIT = 1L << 53;
  private static final int FLOAT_EXACT_LIMIT = 1 << 24;
  /** Below this magnitude float results may be subnormal, where the midpoint test does not apply. */
  private static final double SMALLEST_SAFE = 0x1p-125;

  /**
   * The float value of {@code b[from, to)}: an optional sign, digits with an optional decimal
   * point, an optional exponent. Returns NaN if the text is not such a number or its value is not
   * a finite float, so callers have one check.
   */
  static float parseFloat(byte[] b, int from, int to) {
    int i = from;
    if (i >= to) {
      return Float.NaN;
    }
    boolean negative = false;
    if (b[i] == '+' || b[i] == '-') {
      negative = b[i] == '-';
      i++;
    }
    long m = 0;
    int exp10 = 0;
    boolean anyDigit = false;
    boolean droppedNonZero = false;
    while (i < to && isDigit(b[i])) {
      anyDigit = true;
      if (m < SIGNIFICAND_LIMIT) {
        m = m * 10 + (b[i] - '0');
      } else {
        exp10++;
        droppedNonZero |= b[i] != '0';
      }
      i++;
    }
    if (i < to && b[i] == '.') {
      i++;
      while (i < to && isDigit(b[i])) {
        anyDigit = true;
        if (m < SIGNIFICAND_LIMIT) {
          m = m * 10 + (b[i] - '0');
          exp10--;
        } else {
          droppedNonZero |= b[i] != '0';
        }
        i++;
      }
    }
    if (!anyDigit) {
      return Float.NaN;
    }
    if (i < to && (b[i] == 'e' || b[i] == 'E')) {
      i++;
      boolean expNegative = false;
      if (i < to && (b[i] == '+' || b[i] == '-')) {
        expNegative = b[i] == '-';
        i++;
      }
      if (i >= to || !isDigit(b[i])) {
        return Float.NaN;
      }
      int e = 0;
      while (i < to && isDigit(b[i])) {
        // Past 10^4 every float has overflowed or underflowed; capping keeps the int in range.
        e = Math.min(e * 10 + (b[i] - '0'), 100_000);
        i++;
      }
      exp10 += expNegative ? -e : e;
    }
    if (i != to) {
      return Float.NaN;
    }
    if (m == 0) {
      return negative ? -0f : 0f;
    }
    if (!droppedNonZero) {
      if (m <= FLOAT_EXACT_LIMIT && exp10 >= -10 && exp10 <= 10) {
        float f = exp10 < 0 ? (float) m / FLOAT_POW10[-exp10] : (float) m * FLOAT_POW10[exp10];
        return negative ? -f : f;
      }
      if (m < DOUBLE_EXACT_LIMIT && exp10 >= -22 && exp10 <= 22) {
        double d = exp10 < 0 ? m / DOUBLE_POW10[-exp10] : m * DOUBLE_POW10[exp10];
        if (d >= SMALLEST_SAFE && !isFloatMidpoint(d)) {
          float f = (float) d;
          if (Float.isInfinite(f)) {
            return Float.NaN;
          }
          return negative ? -f : f;
        }
      }
    }
    return slowPath(b, from, to);
  }

  /** True if {@code d} lies exactly halfway between two adjacent normal floats. */
  private static boolean isFloatMidpoint(double d) {
    // A double has 52 fraction bits, a float 23: the 29 bits dropped when rounding.
    long low29 = Double.doubleToRawLongBits(d) & ((1L << 29) - 1);
    return low29 == (1L << 28);
  }

  private static float slowPath(byte[] b, int from, int to) {
    float f;
    try {
      f = Float.parseFloat(new String(b, from, to - from, StandardCharsets.ISO_8859_1));
    } catch (NumberFormatException e) {
      return Float.NaN;
    }
    return Float.isFinite(f) ? f : Float.NaN;
  }

  static boolean isDigit(byte c) {
    return c >= '0' && c <= '9';
  }
}
