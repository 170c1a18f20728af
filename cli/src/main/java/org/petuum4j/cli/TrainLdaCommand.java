package org.petuum4j.cli;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.petuum4j.ml.data.AtomicFile;
import org.petuum4j.ml.data.Corpus;
import org.petuum4j.ml.lda.LdaConfig;
import org.petuum4j.ml.lda.LdaIteration;
import org.petuum4j.ml.lda.LdaJob;
import org.petuum4j.ml.lda.LdaModel;
import org.petuum4j.ps.Consistency;
import org.petuum4j.ps.job.Deployment;
import org.petuum4j.ps.job.JobParams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code petuum4j train lda}. */
@Command(
    name = "lda",
    mixinStandardHelpOptions = true,
    description = {
      "LDA topic model by collapsed Gibbs sampling (SparseLDA) with the word-topic counts and topic "
          + "totals on the parameter server; each worker thread owns a share of the documents and "
          + "their topic assignments.",
      "--algorithm data: every worker samples all its tokens each iteration against rows at most "
          + "--staleness clocks stale. --algorithm rotation: the vocabulary is cut into one block "
          + "per worker and the blocks rotate, P clocks per iteration, so no two workers change the "
          + "same word's counts at once.",
      "Prints the log-likelihood log P(w, z) every --eval-every iterations, the top words of every "
          + "topic at the end; with --metrics also writes CSV (" + TrainLdaCommand.METRICS_HEADER + ")."
    })
final class TrainLdaCommand implements Callable<Integer> {
  static final String METRICS_HEADER = "iteration,seconds,tokens,tokens_per_second,log_likelihood";

  @Spec CommandSpec spec;

  @Option(names = "--format", paramLabel = "FORMAT",
      description = "Input format: uci (docword file, 3 header lines then 'doc word count'), libsvm "
          + "('label word:count' lines, 0-based word ids) or text (one document per line) (default: ${DEFAULT-VALUE}).")
  String format = "uci";

  @Option(names = "--data", required = true, paramLabel = "FILE", description = "The corpus.")
  Path data;

  @Option(names = "--vocab", paramLabel = "FILE", description = "Vocabulary, one word per line (uci and libsvm).")
  Path vocab;

  @Option(names = "--topics", paramLabel = "K", description = "Number of topics, 1-" + LdaConfig.MAX_TOPICS + " (default: ${DEFAULT-VALUE}).")
  int topics = 20;

  @Option(names = "--alpha", paramLabel = "A", description = "Document-topic prior per topic, > 0 (default: ${DEFAULT-VALUE}).")
  double alpha = 0.1;

  @Option(names = "--beta", paramLabel = "B", description = "Topic-word prior, > 0 (default: ${DEFAULT-VALUE}).")
  double beta = 0.01;

  @Option(names = "--iterations", paramLabel = "N", description = "Gibbs sweeps, 1-1000000 (default: ${DEFAULT-VALUE}).")
  int iterations = 100;

  @Option(names = "--algorithm", paramLabel = "ALG", description = "data or rotation (default: ${DEFAULT-VALUE}).")
  String algorithm = "data";

  @Mixin DeploymentOptions deploy;

  @Option(names = "--staleness", paramLabel = "S",
      description = "SSP staleness of the count tables: a non-negative integer (0 = BSP) or 'inf' (ASP) (default: ${DEFAULT-VALUE}).")
  String staleness = "0";

  @Option(names = "--eval-every", paramLabel = "N",
      description = "Compute the log-likelihood every N iterations, >= 1 (default: ${DEFAULT-VALUE}).")
  int evalEvery = 10;

  @Option(names = "--top-words", paramLabel = "N", description = "Words printed per topic, 0-1000 (default: ${DEFAULT-VALUE}).")
  int topWords = 10;

  @Option(names = "--seed", paramLabel = "SEED", description = "Seed of the initial assignments and the samplers (default: ${DEFAULT-VALUE}).")
  long seed = 1;

  @Option(names = "--metrics", paramLabel = "FILE", description = "Write the reported iterations as CSV.")
  Path metrics;

  @Option(names = "--model", paramLabel = "FILE", description = "Save the topics (word-topic counts and vocabulary, text; see README).")
  Path model;

  @Override
  public Integer call() throws Exception {
    Deployment deployment = deploy.deployment();
    LdaConfig config = config();
    if (!List.of("uci", "libsvm", "text").contains(format)) {
      throw new UserException("--format must be uci, libsvm or text, was '" + format + "'");
    }
    Inputs.existingFile("--data", data);
    if (vocab != null) {
      if (format.equals("text")) {
        throw new UserException("--vocab: not used with --format text (the words come from the text)");
      }
      Inputs.existingFile("--vocab", vocab);
    }
    Inputs.inRange("--top-words", topWords, 0, 1000);
    if (model != null) {
      Inputs.outputFile("--model", model, data, vocab);
    }
    if (metrics != null) {
      Inputs.outputFile("--metrics", metrics, data, vocab, model);
    }
    JobParams params = LdaJob.params(format, data, vocab, config);
    Corpus corpus = LdaJob.readCorpus(params);
    if (corpus.numTokens() == 0) {
      throw new UserException("--data: no tokens in " + data);
    }
    try {
      LdaJob.checkCounts(corpus, config.topics());
    } catch (IllegalArgumentException e) {
      throw new UserException("--data: " + e.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    out.printf(Locale.ROOT, "training LDA: %,d documents, %,d words, %,d tokens; %d topics, alpha %s, beta %s; "
            + "%s, %d workers, %d shards, %s%n",
        corpus.numDocs(), corpus.numWords(), corpus.numTokens(), config.topics(), config.alpha(), config.beta(),
        config.algorithm() == LdaConfig.Algorithm.DATA ? "data-parallel" : "rotation",
        deployment.shape().workers(), deployment.shape().shards(), config.consistency());
    out.printf(Locale.ROOT, "%9s %9s %12s %16s%n", "iteration", "seconds", "tokens/s", "log_likelihood");
    out.flush();
    List<LdaIteration> reported = new ArrayList<>();
    LdaModel trained = LdaJob.train(deployment, params, corpus, it -> {
      LdaIteration prev = reported.isEmpty() ? null : reported.get(reported.size() - 1);
      reported.add(it);
      double rate = prev == null || it.seconds() <= prev.seconds() ? 0
          : (it.tokens() - prev.tokens()) / (it.seconds() - prev.seconds());
      out.printf(Locale.ROOT, "%9d %9.2f %12s %16.6e%n", it.iteration(), it.seconds(),
          prev == null ? "-" : String.format(Locale.ROOT, "%,.0f", rate), it.logLikelihood());
      out.flush();
    });
    LdaIteration last = reported.get(reported.size() - 1);
    out.printf(Locale.ROOT, "%,.0f tokens/second over %.2f s of sampling%n", last.tokensPerSecond(), last.seconds());
    if (topWords > 0) {
      for (int k = 0; k < trained.numTopics(); k++) {
        StringBuilder sb = new StringBuilder();
        for (int w : trained.topWords(k, topWords)) {
          if (trained.count(w, k) > 0) {
            sb.append(' ').append(trained.word(w));
          }
        }
        out.printf(Locale.ROOT, "topic %d (%,d tokens):%s%n", k, trained.topicTotal(k), sb);
      }
    }
    if (model != null) {
      trained.save(model);
      out.println("topics written to " + model);
    }
    if (metrics != null) {
      writeMetrics(metrics, reported);
      out.println("metrics written to " + metrics);
    }
    out.flush();
    return Main.EXIT_OK;
  }

  private LdaConfig config() throws UserException {
    Consistency consistency = Inputs.staleness("--staleness", staleness);
    Inputs.inRange("--topics", topics, 1, LdaConfig.MAX_TOPICS);
    Inputs.positive("--alpha", alpha);
    Inputs.positive("--beta", beta);
    Inputs.inRange("--iterations", iterations, 1, 1_000_000);
    Inputs.inRange("--eval-every", evalEvery, 1, Integer.MAX_VALUE);
    LdaConfig.Algorithm a = switch (algorithm) {
      case "data" -> LdaConfig.Algorithm.DATA;
      case "rotation" -> LdaConfig.Algorithm.ROTATION;
      default -> throw new UserException("--algorithm must be data or rotation, was '" + algorithm + "'");
    };
    return new LdaConfig(topics, alpha, beta, iterations, a, consistency, seed, evalEvery);
  }

  static void writeMetrics(Path file, List<LdaIteration> its) throws IOException {
    AtomicFile.write(file, os -> {
      Writer w = new OutputStreamWriter(os, StandardCharsets.UTF_8);
      w.write(METRICS_HEADER + "\n");
      for (LdaIteration it : its) {
        w.write(String.format(Locale.ROOT, "%d,%.4f,%d,%.1f,%.6f\n", it.iteration(), it.seconds(), it.tokens(),
            it.tokensPerSecond(), it.logLikelihood()));
      }
      w.flush();
    });
  }
}
