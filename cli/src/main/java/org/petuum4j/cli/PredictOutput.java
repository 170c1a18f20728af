package org.petuum4j.cli;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.petuum4j.ml.data.AtomicFile;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What the predict commands share: their file checks, and one line per row written to {@code --out}
 * (atomically) or else to stdout, with the summary on stdout, or on stderr when the rows go there.
 */
final class PredictOutput {
  private PredictOutput() {}

  /** Writes the rows' lines. */
  interface Lines {
    void writeTo(Writer w) throws IOException;
  }

  /** Checks that {@code --model} and {@code --data} exist and that {@code --out}, if given, may be written. */
  static void checkFiles(Path model, Path data, Path out) throws UserException {
    Inputs.existingFile("--model", model);
    Inputs.existingFile("--data", data);
    if (out != null) {
      Inputs.outputFile("--out", out, model, data);
    }
  }

  /** Writes {@code lines} to {@code out} or else stdout; returns where the summary goes. */
  static PrintWriter write(CommandSpec spec, Path out, Lines lines) throws IOException {
    PrintWriter stdout = spec.commandLine().getOut();
    if (out == null) {
      lines.writeTo(stdout);
      return spec.commandLine().getErr();
    }
    AtomicFile.write(out, os -> {
      Writer w = new OutputStreamWriter(os, StandardCharsets.UTF_8);
      lines.writeTo(w);
      w.flush();
    });
    return stdout;
  }

  /** Ends the summary: says where the {@code what} went, if to a file, and flushes. */
  static int finish(PrintWriter summaryTo, Path out, String what) {
    if (out != null) {
      summaryTo.println(what + " written to " + out);
    }
    summaryTo.flush();
    return Main.EXIT_OK;
  }
}
