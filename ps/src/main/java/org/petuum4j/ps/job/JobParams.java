package org.petuum4j.ps.job;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A job's parameters: string keys and values, carried over the network as they are. Typed getters
 * throw {@link IllegalArgumentException} naming the key when a value is missing or malformed.
 * Immutable.
 */
public final class JobParams {
  private final Map<String, String> values;

  private JobParams(Map<String, String> values) {
    this.values = values;
  }

  public static JobParams of(Map<String, String> values) {
    values.forEach((k, v) -> {
      Objects.requireNonNull(k, "key");
      Objects.requireNonNull(v, () -> "value of '" + k + "'");
    });
    return new JobParams(Map.copyOf(values));
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Every parameter. */
  public Map<String, String> asMap() {
    return values;
  }

  /** A copy with {@code key} set to {@code value}. */
  public JobParams with(String key, Object value) {
    Map<String, String> m = new LinkedHashMap<>(values);
    m.put(key, String.valueOf(value));
    return of(m);
  }

  public boolean has(String key) {
    return values.containsKey(key);
  }

  public String string(String key) {
    String v = values.get(key);
    if (v == null) {
      throw new IllegalArgumentException("job parameter '" + key + "' is missing; have " + values.keySet());
    }
    return v;
  }

  public String string(String key, String fallback) {
    return values.getOrDefault(key, fallback);
  }

  public int integer(String key) {
    try {
      return Integer.parseInt(string(key));
    } catch (NumberFormatException e) {
      throw bad(key, "an integer");
    }
  }

  public int integer(String key, int fallback) {
    return has(key) ? integer(key) : fallback;
  }

  public long longValue(String key) {
    try {
      return Long.parseLong(string(key));
    } catch (NumberFormatException e) {
      throw bad(key, "an integer");
    }
  }

  public long longValue(String key, long fallback) {
    return has(key) ? longValue(key) : fallback;
  }

  public double real(String key) {
    try {
      return Double.parseDouble(string(key));
    } catch (NumberFormatException e) {
      throw bad(key, "a number");
    }
  }

  public double real(String key, double fallback) {
    return has(key) ? real(key) : fallback;
  }

  public boolean bool(String key, boolean fallback) {
    if (!has(key)) {
      return fallback;
    }
    String v = string(key);
    if (v.equals("true") || v.equals("false")) {
      return Boolean.parseBoolean(v);
    }
    throw bad(key, "true or false");
  }

  private IllegalArgumentException bad(String key, String what) {
    return new IllegalArgumentException("job parameter '" + key + "' must be " + what + ", was '" + values.get(key) + "'");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof JobParams p && p.values.equals(values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    return values.toString();
  }

  /** Builder; {@code put} of a {@code null} value skips the key. */
  public static final class Builder {
    private final Map<String, String> values = new LinkedHashMap<>();

    private Builder() {}

    public Builder put(String key, Object value) {
      if (value != null) {
        values.put(key, String.valueOf(value));
      }
      return this;
    }

    public JobParams build() {
      return of(values);
    }
  }
}
