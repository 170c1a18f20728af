package org.petuum4j.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.petuum4j.ml.data.AtomicFile;

/**
 * Turns benchmark CSV series into PNG line charts (XChart, headless) and keeps {@code
 * docs/benchmarks.md} up to date: a summary table with one row per workload, and one section per
 * benchmark, both replaced in place when a benchmark runs again, so the report regenerates
 * instead of growing.
 *
 * <p>The markdown file holds sections between {@code <!-- begin:ID -->} and {@code <!-- end:ID
 * -->} lines; {@link #replaceSection} rewrites one (appending it if missing), {@link #upsertRow}
 * rewrites the summary table's row whose first cell matches (appending it if missing).
 *
 * <p>From the command line, one chart from CSV files:
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar org.petuum4j.bench.BenchReport OUT.png TITLE XCOL YCOL NAME=FILE.csv...
 * </pre>
 */
public final class BenchReport {
  /** Id of the summary section that holds the table of every workload. */
  public static final String SUMMARY = "summary";
  /** Columns of the summary table. */
  public static final List<String> SUMMARY_COLUMNS = List.of(
      "workload", "data", "petuum4j", "peer", "ratio", "objective reached by both", "how measured");

  private BenchReport() {}

  /** One line of a chart. */
  public record Series(String name, double[] x, double[] y) {
    public Series {
      if (x.length != y.length) {
        throw new IllegalArgumentException("series '" + name + "': " + x.length + " x values but "
            + y.length + " y values");
      }
    }
  }

  public static void main(String[] args) throws IOException {
    if (args.length < 5) {
      System.err.println("usage: BenchReport OUT.png TITLE XCOL YCOL NAME=FILE.csv...");
      System.exit(2);
    }
    List<Series> series = new ArrayList<>();
    for (int i = 4; i < args.length; i++) {
      int eq = args[i].indexOf('=');
      if (eq <= 0) {
        System.err.println("BenchReport: expected NAME=FILE.csv, was '" + args[i] + "'");
        System.exit(2);
      }
      series.add(readSeries(args[i].substring(0, eq), Path.of(args[i].substring(eq + 1)), args[2], args[3]));
    }
    lineChart(Path.of(args[0]), args[1], args[2], args[3], series);
    System.out.println("chart written to " + args[0]);
  }

  /**
   * Reads columns {@code xColumn} and {@code yColumn} of a CSV file with a header line.
   *
   * @throws IOException naming the file (and line) if it cannot be read, lacks a column, or has a
   *     line with a wrong number of fields or a non-numeric value in either column
   */
  public static Series readSeries(String name, Path csv, String xColumn, String yColumn) throws IOException {
    List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
    if (lines.isEmpty()) {
      throw new IOException(csv + ": empty, expected a CSV header line");
    }
    List<String> header = Arrays.asList(lines.get(0).split(",", -1));
    int xi = column(csv, header, xColumn);
    int yi = column(csv, header, yColumn);
    double[] x = new double[lines.size() - 1];
    double[] y = new double[lines.size() - 1];
    int n = 0;
    for (int l = 1; l < lines.size(); l++) {
      String line = lines.get(l);
      if (line.isBlank()) {
        continue;
      }
      String[] f = line.split(",", -1);
      if (f.length != header.size()) {
        throw new IOException(csv + ":" + (l + 1) + ": " + f.length + " fields, expected "
            + header.size() + " in line '" + line + "'");
      }
      x[n] = number(csv, l + 1, f[xi], line);
      y[n] = number(csv, l + 1, f[yi], line);
      n++;
    }
    return new Series(name, Arrays.copyOf(x, n), Arrays.copyOf(y, n));
  }

  private static int column(Path csv, List<String> header, String name) throws IOException {
    int i = header.indexOf(name);
    if (i < 0) {
      throw new IOException(csv + ":1: no column '" + name + "' in header " + header);
    }
    return i;
  }

  private static double number(Path csv, int line, String field, String text) throws IOException {
    try {
      return Double.parseDouble(field.trim());
    } catch (NumberFormatException e) {
      throw new IOException(csv + ":" + line + ": '" + field + "' is not a number in line '" + text + "'");
    }
  }

  /** Draws {@code series} as lines with markers into a PNG, 900 x 560, headless. */
  public static void lineChart(Path png, String title, String xTitle, String yTitle, List<Series> series)
      throws IOException {
    lineChart(png, title, xTitle, yTitle, series, false);
  }

  /**
   * As {@link #lineChart(Path, String, String, String, List)}, with a logarithmic y axis if {@code
   * logY} (points with y {@code <= 0} are then left out, since a log axis cannot show them).
   */
  public static void lineChart(Path png, String title, String xTitle, String yTitle, List<Series> series,
      boolean logY) throws IOException {
    System.setProperty("java.awt.headless", "true");
    XYChart chart = new XYChartBuilder().width(900).height(560)
        .title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
    if (logY) {
      chart.getStyler().setYAxisLogarithmic(true);
      List<Series> positive = new ArrayList<>();
      for (Series s : series) {
        int n = 0;
        double[] x = new double[s.x().length];
        double[] y = new double[s.y().length];
        for (int i = 0; i < x.length; i++) {
          if (s.y()[i] > 0) {
            x[n] = s.x()[i];
            y[n++] = s.y()[i];
          }
        }
        positive.add(new Series(s.name(), Arrays.copyOf(x, n), Arrays.copyOf(y, n)));
      }
      series = positive;
    }
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setPlotGridLinesColor(new Color(0xDDDDDD));
    chart.getStyler().setMarkerSize(5);
    for (Series s : series) {
      if (s.x().length == 0) {
        continue;
      }
      XYSeries xy = chart.addSeries(s.name(), s.x(), s.y());
      xy.setMarker(SeriesMarkers.CIRCLE);
      xy.setLineStyle(new BasicStroke(1.8f));
    }
    Path abs = png.toAbsolutePath();
    AtomicFile.write(abs, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
  }

  /**
   * At most {@code max} points of {@code s}, evenly spaced by index, always keeping the first and
   * the last: long per-round series stay legible and the PNG small.
   */
  public static Series thin(Series s, int max) {
    int n = s.x().length;
    if (n <= max || max < 2) {
      return s;
    }
    double[] x = new double[max];
    double[] y = new double[max];
    for (int i = 0; i < max; i++) {
      int k = (int) Math.round((double) i * (n - 1) / (max - 1));
      x[i] = s.x()[k];
      y[i] = s.y()[k];
    }
    return new Series(s.name(), x, y);
  }

  /**
   * Replaces the section {@code id} of {@code md} by {@code body}, or appends it; creates the file
   * with a title and an empty summary table if it does not exist.
   */
  public static void replaceSection(Path md, String id, String body) throws IOException {
    List<String> lines = read(md);
    String begin = "<!-- begin:" + id + " -->";
    String end = "<!-- end:" + id + " -->";
    int b = lines.indexOf(begin);
    int e = lines.indexOf(end);
    List<String> section = new ArrayList<>();
    section.add(begin);
    section.addAll(Arrays.asList(body.strip().split("\n", -1)));
    section.add(end);
    List<String> out = new ArrayList<>();
    if (b >= 0 && e > b) {
      out.addAll(lines.subList(0, b));
      out.addAll(section);
      out.addAll(lines.subList(e + 1, lines.size()));
    } else {
      out.addAll(lines);
      if (!out.isEmpty() && !out.get(out.size() - 1).isEmpty()) {
        out.add("");
      }
      out.addAll(section);
    }
    write(md, out);
  }

  /**
   * Sets the summary-table row whose first cell is {@code cells.get(0)}, appending the row if
   * there is none. Pipes in cells are escaped.
   */
  public static void upsertRow(Path md, List<String> cells) throws IOException {
    if (cells.size() != SUMMARY_COLUMNS.size()) {
      throw new IllegalArgumentException("a summary row has " + SUMMARY_COLUMNS.size()
          + " cells, was " + cells.size());
    }
    List<String> lines = read(md);
    int b = lines.indexOf("<!-- begin:" + SUMMARY + " -->");
    int e = lines.indexOf("<!-- end:" + SUMMARY + " -->");
    if (b < 0 || e < b) {
      throw new IOException(md + ": no summary section");
    }
    String row = row(cells);
    String key = row(List.of(cells.get(0))).replaceAll(" \\|$", "");
    List<String> out = new ArrayList<>(lines);
    for (int i = b + 1; i < e; i++) {
      if (lines.get(i).startsWith(key + " |")) {
        out.set(i, row);
        write(md, out);
        return;
      }
    }
    out.add(e, row);
    write(md, out);
  }

  private static String row(List<String> cells) {
    StringBuilder sb = new StringBuilder("|");
    for (String c : cells) {
      sb.append(' ').append(c.replace("|", "\\|").replace('\n', ' ')).append(" |");
    }
    return sb.toString();
  }

  private static List<String> read(Path md) throws IOException {
    if (Files.exists(md)) {
      return new ArrayList<>(Files.readAllLines(md, StandardCharsets.UTF_8));
    }
    List<String> lines = new ArrayList<>();
    lines.add("# Benchmarks");
    lines.add("");
    lines.add("Generated by the benchmarks in `bench/` (see each section for the command); every number "
        + "below comes from the run that wrote it.");
    lines.add("");
    lines.add("<!-- begin:" + SUMMARY + " -->");
    lines.add(row(SUMMARY_COLUMNS));
    lines.add("|" + "---|".repeat(SUMMARY_COLUMNS.size()));
    lines.add("<!-- end:" + SUMMARY + " -->");
    return lines;
  }

  private static void write(Path md, List<String> lines) throws IOException {
    String text = String.join("\n", lines) + "\n";
    AtomicFile.write(md, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
  }
}
