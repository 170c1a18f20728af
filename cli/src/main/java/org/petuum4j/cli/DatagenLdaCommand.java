package org.petuum4j.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.petuum4j.ml.gen.DirichletLdaGenerator;
import org.petuum4j.ml.gen.LdaDataGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code petuum4j datagen lda}. */
@Command(
    name = "lda",
    mixinStandardHelpOptions = true,
    description = {
      "Generate a corpus from planted LDA topics and write it as UCI bag-of-words (docword and vocab "
          + "files).",
      "--kind planted (the default): topic k puts 95% of its mass on its own disjoint subset of W/K "
          + "words (a Dirichlet(1) draw) and the rest uniformly; documents have lengths uniform in "
          + "[L - L/2, L + L/2] and Dirichlet(--doc-alpha) topic mixtures. Word i is named k<t>w<i>, t "
          + "being its planted topic.",
      "--kind dirichlet: the plain LDA generative process; each topic is a Dirichlet(--topic-beta) "
          + "draw over all W words, documents have Poisson(L) lengths (never 0) and "
          + "Dirichlet(--doc-alpha) topic mixtures. Word i is named w<i>.",
      "Output is byte-identical for a seed."
    })
final class DatagenLdaCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  enum Kind { planted, dirichlet }

  @Option(names = "--kind", paramLabel = "KIND", description = "planted or dirichlet (default: ${DEFAULT-VALUE}).")
  Kind kind = Kind.planted;

  @Option(names = "--topic-beta", paramLabel = "B", description = "With --kind dirichlet: Dirichlet concentration of the topics over the words, > 0 (default: ${DEFAULT-VALUE}).")
  double topicBeta = 0.05;

  @Option(names = "--docs", paramLabel = "D", description = "Documents (default: ${DEFAULT-VALUE}).")
  int docs = 20_000;

  @Option(names = "--words", paramLabel = "W", description = "Vocabulary size (default: ${DEFAULT-VALUE}).")
  int words = 10_000;

  @Option(names = "--topics", paramLabel = "K", description = "Planted topics, at most W (default: ${DEFAULT-VALUE}).")
  int topics = 50;

  @Option(names = "--doc-length", paramLabel = "L", description = "Mean tokens per document (default: ${DEFAULT-VALUE}).")
  int docLength = 100;

  @Option(names = "--doc-alpha", paramLabel = "A", description = "Dirichlet concentration of the documents' topic mixtures, > 0 (default: ${DEFAULT-VALUE}).")
  double docAlpha = 0.1;

  @Option(names = "--seed", paramLabel = "S", description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed = 1;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "docword file to write.")
  Path out;

  @Option(names = "--vocab-out", required = true, paramLabel = "FILE", description = "vocab file to write.")
  Path vocabOut;

  @Override
  public Integer call() throws Exception {
    Inputs.inRange("--docs", docs, 1, 100_000_000);
    Inputs.inRange("--words", words, 1, 1 << 26);
    Inputs.inRange("--topics", topics, 1, Math.min(words, 1 << 16));
    Inputs.inRange("--doc-length", docLength, 1, 1 << 24);
    Inputs.positive("--doc-alpha", docAlpha);
    Inputs.positive("--topic-beta", topicBeta);
    if (kind != Kind.dirichlet && spec.commandLine().getParseResult().hasMatchedOption("--topic-beta")) {
      throw new UserException("--topic-beta: only with --kind dirichlet");
    }
    if ((long) docs * (docLength + docLength / 2) > Integer.MAX_VALUE - 8) {
      throw new UserException("--docs x --doc-length: too many tokens (at most about 2^31)");
    }
    Inputs.outputFile("--out", out);
    Inputs.outputFile("--vocab-out", vocabOut, out);
    long start = System.nanoTime();
    LdaDataGenerator.Summary s = kind == Kind.dirichlet
        ? DirichletLdaGenerator.builder().docs(docs).words(words).topics(topics).docLength(docLength)
            .topicBeta(topicBeta).docAlpha(docAlpha).seed(seed).build().write(out, vocabOut)
        : LdaDataGenerator.builder().docs(docs).words(words).topics(topics)
            .docLength(docLength).docAlpha(docAlpha).seed(seed).build().write(out, vocabOut);
    spec.commandLine().getOut().printf(Locale.ROOT,
        "wrote %,d documents, %,d tokens (%,d entries) over %,d words to %s and %s%n"
            + "%s: %d topics, doc-alpha %s%s, seed %d (%.1f s)%n",
        s.docs(), s.tokens(), s.entries(), s.words(), out, vocabOut, kind, s.topics(), docAlpha,
        kind == Kind.dirichlet ? ", topic-beta " + topicBeta : "", seed,
        (System.nanoTime() - start) / 1e9);
    spec.commandLine().getOut().flush();
    return Main.EXIT_OK;
  }
}
