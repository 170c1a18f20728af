package org.petuum4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.petuum4j.ml.data.LibSvmReader;
import org.petuum4j.ml.data.SparseDataset;
import org.petuum4j.ps.Consistency;

/** Checks on option values that picocli's type conversion cannot express. */
final class Inputs {
  private Inputs() {}

  /** Fails unless {@code path} is a readable regular file; the message names the option. */
  static Path existingFile(String option, Path path) throws UserException {
    if (!Files.exists(path)) {
      throw new UserException(option + ": file not found: " + path);
    }
    if (!Files.isRegularFile(path)) {
      throw new UserException(option + ": not a regular file: " + path);
    }
    if (!Files.isReadable(path)) {
      throw new UserException(option + ": file is not readable: " + path);
    }
    return path;
  }

  /** Fails unless {@code path} can become an output file: not a directory, and not an input. */
  static Path outputFile(String option, Path path, Path... inputs) throws UserException {
    if (Files.isDirectory(path)) {
      throw new UserException(option + ": is a directory: " + path);
    }
    for (Path in : inputs) {
      if (in != null && path.toAbsolutePath().normalize().equals(in.toAbsolutePath().normalize())) {
        throw new UserException(option + ": would overwrite the input file " + in);
      }
    }
    return path;
  }

  static long inRange(String option, long value, long min, long max) throws UserException {
    if (value < min || value > max) {
      throw new UserException(option + " must be "
          + (max == Long.MAX_VALUE || max == Integer.MAX_VALUE ? ">= " + min : "between " + min + " and " + max)
          + ", was " + value);
    }
    return value;
  }

  static int inRange(String option, int value, int min, int max) throws UserException {
    return (int) inRange(option, (long) value, min, max);
  }

  static double positive(String option, double value) throws UserException {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new UserException(option + " must be a finite number > 0, was " + value);
    }
    return value;
  }

  static double nonNegative(String option, double value) throws UserException {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new UserException(option + " must be a finite number >= 0, was " + value);
    }
    return value;
  }

  static Consistency staleness(String option, String text) throws UserException {
    try {
      return Consistency.parseStaleness(text);
    } catch (IllegalArgumentException e) {
      throw new UserException(option + ": " + e.getMessage());
    }
  }

  static SparseDataset readLibSvm(String option, Path path, boolean zeroBased) throws IOException, UserException {
    existingFile(option, path);
    // Shared, so that an embedded job reading the same file gets this parse (LibSvmReader.readShared).
    return (zeroBased ? LibSvmReader.zeroBased() : LibSvmReader.oneBased()).readShared(path);
  }
}
