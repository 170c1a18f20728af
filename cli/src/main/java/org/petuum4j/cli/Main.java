package org.petuum4j.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.Properties;
import org.petuum4j.ml.data.MalformedDataException;
import org.petuum4j.ml.logreg.TrainingDivergedException;
import org.petuum4j.ps.PsException;
import org.petuum4j.ps.checkpoint.CheckpointMismatchException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

/**
 * The {@code petuum4j} command.
 *
 * <p>Exit codes: 0 on success; 2 for anything the user can fix in the command line or the input
 * (unknown or out-of-range option, missing or malformed file), reported as one line on stderr
 * without a stack trace; 1 for other failures (a diverged training run is one line, an internal
 * error carries its stack trace).
 */
public final class Main {
  static final int EXIT_OK = 0;
  static final int EXIT_FAILURE = 1;
  static final int EXIT_USAGE = 2;

  private Main() {}

  public static void main(String[] args) {
    Charset cs = Charset.defaultCharset();
    PrintWriter out = new PrintWriter(System.out, true, cs);
    PrintWriter err = new PrintWriter(System.err, true, cs);
    System.exit(execute(out, err, args));
  }

  /** Runs the command line {@code args} with the given streams and returns the exit code. */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cl = new CommandLine(new RootCommand());
    cl.setOut(out);
    cl.setErr(err);
    cl.setParameterExceptionHandler((e, a) -> {
      CommandLine bad = e.getCommandLine();
      err.println("petuum4j: " + e.getMessage() + " (see '" + bad.getCommandSpec().qualifiedName() + " --help')");
      err.flush();
      return EXIT_USAGE;
    });
    cl.setExecutionExceptionHandler((e, bad, parseResult) -> {
      int code = report(e, err);
      err.flush();
      return code;
    });
    int code = cl.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  private static int report(Exception e, PrintWriter err) {
    if (e instanceof UserException
        || e instanceof CheckpointMismatchException
        || e instanceof MalformedDataException
        || e instanceof TrainingDivergedException) {
      err.println("petuum4j: " + e.getMessage());
      return e instanceof TrainingDivergedException ? EXIT_FAILURE : EXIT_USAGE;
    }
    if (e instanceof PsException) {
      err.println("petuum4j: job failed: " + e.getMessage());
      return EXIT_FAILURE;
    }
    if (e instanceof NoSuchFileException f) {
      err.println("petuum4j: no such file: " + f.getFile());
      return EXIT_USAGE;
    }
    if (e instanceof AccessDeniedException f) {
      err.println("petuum4j: permission denied: " + f.getFile());
      return EXIT_USAGE;
    }
    if (e instanceof IOException) {
      err.println("petuum4j: I/O error: " + e.getMessage());
      return EXIT_USAGE;
    }
    err.println("petuum4j: internal error: " + e);
    e.printStackTrace(err);
    return EXIT_FAILURE;
  }

  /** The root command: only dispatches to subcommands. */
  @Command(
      name = "petuum4j",
      mixinStandardHelpOptions = true,
      versionProvider = Version.class,
      description = "Petuum for the JVM: distributed machine learning on a parameter server with "
          + "stale synchronous parallel (SSP) consistency.",
      subcommands = {
        DemoCommand.class,
        DatagenCommand.class,
        TrainCommand.class,
        PredictCommand.class,
        NodeCommand.Coordinator.class,
        NodeCommand.Server.class,
        NodeCommand.Worker.class,
        CommandLine.HelpCommand.class
      })
  static final class RootCommand {}

  /** Reads the version Maven wrote into the jar. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      Properties p = new Properties();
      try (InputStream in = Main.class.getResourceAsStream("/petuum4j-version.properties")) {
        if (in != null) {
          p.load(in);
        }
      }
      return new String[] {"petuum4j " + p.getProperty("version", "(unknown version)")
          + " (Java " + System.getProperty("java.version") + ")"};
    }
  }
}
