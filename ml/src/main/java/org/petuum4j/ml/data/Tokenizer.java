package org.petuum4j.ml.data;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Splits text into words for topic models: maximal runs of letters and digits (an apostrophe
 * between two letters stays inside the word, so {@code don't} is one word), lower-cased; words
 * shorter than {@link #minLength}, words of digits only, and stop words are dropped. Immutable and
 * thread-safe.
 */
public final class Tokenizer {
  /**
   * The built-in English stop words: the function words of the SMART and MALLET lists that carry
   * no topic (articles, pronouns, auxiliaries, prepositions, conjunctions, common adverbs).
   */
  public static final Set<String> ENGLISH_STOP_WORDS = Set.of(
      "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any",
      "are", "aren't", "as", "at", "be", "because", "been", "before", "being", "below", "between",
      "both", "but", "by", "can", "can't", "cannot", "could", "couldn't", "did", "didn't", "do",
      "does", "doesn't", "doing", "don't", "down", "during", "each", "either", "else", "ever",
      "every", "few", "for", "from", "further", "get", "gets", "got", "had", "hadn't", "has",
      "hasn't", "have", "haven't", "having", "he", "he'd", "he'll", "he's", "her", "here",
      "here's", "hers", "herself", "him", "himself", "his", "how", "how's", "however", "i", "i'd",
      "i'll", "i'm", "i've", "if", "in", "into", "is", "isn't", "it", "it's", "its", "itself",
      "just", "let's", "like", "may", "me", "might", "more", "most", "much", "must", "mustn't",
      "my", "myself", "neither", "never", "no", "nor", "not", "now", "of", "off", "often", "on",
      "once", "one", "only", "or", "other", "ought", "our", "ours", "ourselves", "out", "over",
      "own", "per", "perhaps", "quite", "rather", "really", "same", "shall", "shan't", "she",
      "she'd", "she'll", "she's", "should", "shouldn't", "since", "so", "some", "such", "than",
      "that", "that's", "the", "their", "theirs", "them", "themselves", "then", "there",
      "there's", "these", "they", "they'd", "they'll", "they're", "they've", "this", "those",
      "though", "through", "thus", "to", "too", "under", "until", "up", "upon", "us", "very",
      "via", "was", "wasn't", "we", "we'd", "we'll", "we're", "we've", "were", "weren't", "what",
      "what's", "when", "when's", "where", "where's", "whether", "which", "while", "who",
      "who's", "whom", "whose", "why", "why's", "will", "with", "within", "without", "won't",
      "would", "wouldn't", "yet", "you", "you'd", "you'll", "you're", "you've", "your", "yours",
      "yourself", "yourselves");

  private final Set<String> stopWords;
  private final int minLength;

  /**
   * @param stopWords lower-case words to drop
   * @param minLength shortest word kept, at least 1
   */
  public Tokenizer(Set<String> stopWords, int minLength) {
    if (minLength < 1) {
      throw new IllegalArgumentException("minLength must be >= 1, was " + minLength);
    }
    this.stopWords = Set.copyOf(stopWords);
    this.minLength = minLength;
  }

  /** English stop words, words of at least 2 characters. */
  public static Tokenizer english() {
    return new Tokenizer(ENGLISH_STOP_WORDS, 2);
  }

  public int minLength() {
    return minLength;
  }

  /** Appends the words of {@code text} to {@code out}. */
  public void tokenize(String text, List<String> out) {
    int n = text.length();
    int i = 0;
    while (i < n) {
      while (i < n && !Character.isLetterOrDigit(text.charAt(i))) {
        i++;
      }
      int start = i;
      boolean letters = false;
      while (i < n) {
        char c = text.charAt(i);
        if (Character.isLetterOrDigit(c)) {
          letters |= Character.isLetter(c);
          i++;
        } else if ((c == '\'' || c == '\u2019') && i + 1 < n && i > start
            && Character.isLetter(text.charAt(i + 1)) && Character.isLetter(text.charAt(i - 1))) {
          i++;
        } else {
          break;
        }
      }
      if (i > start && letters) {
        String w = text.substring(start, i).replace('\u2019', '\'').toLowerCase(Locale.ROOT);
        if (w.length() >= minLength && !stopWords.contains(w)) {
          out.add(w);
        }
      }
    }
  }
}
