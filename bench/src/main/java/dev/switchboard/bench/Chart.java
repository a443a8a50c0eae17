package dev.switchboard.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The run's results as an SVG bar chart, written beside the markdown table: one horizontal bar per path of
 * its ratio to its limit, then one per path of the system's rate to the peer's, each with its goal drawn as a
 * tick and coloured met / missed (grey: no goal, shown for information). Hand-written SVG, no dependency.
 */
final class Chart {
  private static final int WIDTH = 1200;
  private static final int LABEL_RIGHT = 560;
  private static final int BAR_LEFT = 570;
  private static final int BAR_WIDTH = 400;
  private static final int ROW = 26;
  private static final int BAR = 16;
  private static final String MET = "#2e8b57";
  private static final String MISSED = "#c0392b";
  private static final String INFO = "#9aa5ab";
  private static final String FONT = "font-family=\"DejaVu Sans, Verdana, Arial, sans-serif\"";

  /** One bar: the ratio, its goal (NaN: none), and whether the goal was met (null: no goal). */
  record Bar(String label, double ratio, double goal, Boolean met) {
    static Bar of(Row row) {
      double goal = row.goal();
      return new Bar(row.scenario(), row.ratio(), goal, Double.isNaN(goal) ? null : row.ratio() >= goal);
    }
  }

  private Chart() {
  }

  /** The chart of {@code rows} (those with a ratio to a limit) and {@code versusPeer} (the system ÷ the peer). */
  static String svg(String title, String subtitle, List<Row> rows, List<Row> versusPeer) {
    List<Bar> toLimits = bars(rows);
    List<Bar> toPeer = bars(versusPeer);
    StringBuilder body = new StringBuilder();
    int y = 112;
    y = group(body, y, "Each path ÷ the limit of the parts it runs on (H0, P0, D0, R0, HASH)", toLimits);
    if (!toPeer.isEmpty()) {
      y = group(body, y + 14, "The system's req/s ÷ the Spring Boot peer's on the same path (goal ≥ "
          + num(PeerScenario.GOAL) + ")", toPeer);
    }
    int height = y + 16;
    StringBuilder svg = new StringBuilder();
    svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"")
        .append(height).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height).append("\" ")
        .append(FONT).append(" font-size=\"13\">\n")
        .append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n")
        .append(text(20, 32, title, "font-size=\"20\" font-weight=\"bold\""))
        .append(text(20, 54, subtitle + "; ratios shown rounded down, as in the table", "fill=\"#444\""));
    legend(svg, 20, 76);
    return svg.append(body).append("</svg>\n").toString();
  }

  private static List<Bar> bars(List<Row> rows) {
    List<Bar> bars = new ArrayList<>();
    for (Row row : rows) {
      if (!Double.isNaN(row.ratio())) {
        bars.add(Bar.of(row));
      }
    }
    return bars;
  }

  /** A heading, an axis from 0 to a round maximum, and the bars; returns the y below it. */
  private static int group(StringBuilder svg, int top, String heading, List<Bar> bars) {
    svg.append(text(20, top + 14, heading, "font-size=\"15\" font-weight=\"bold\""));
    int first = top + 28;
    double max = 1;
    for (Bar bar : bars) {
      max = Math.max(max, Math.max(bar.ratio(), Double.isNaN(bar.goal()) ? 0 : bar.goal()));
    }
    double step = max <= 1.5 ? 0.25 : max <= 4 ? 0.5 : Math.ceil(max / 8);
    max = Math.ceil(max / step) * step;
    int bottom = first + bars.size() * ROW;
    for (double tick = 0; tick <= max + 1e-9; tick += step) {
      double x = BAR_LEFT + tick / max * BAR_WIDTH;
      svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\"/>%n", x,
          first - 4, x, bottom, tick == 0 ? "#666" : "#e3e3e3"));
      svg.append(text(x, bottom + 14, num(tick), "text-anchor=\"middle\" fill=\"#555\" font-size=\"11\""));
    }
    int y = first;
    for (Bar bar : bars) {
      String colour = bar.met() == null ? INFO : bar.met() ? MET : MISSED;
      double shown = Math.floor(bar.ratio() * 100) / 100;
      double width = Math.max(1, Math.min(bar.ratio(), max) / max * BAR_WIDTH);
      svg.append(text(LABEL_RIGHT, y + 12, shorten(bar.label(), 74), "text-anchor=\"end\""));
      svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>%n",
          BAR_LEFT, y, width, BAR, colour));
      String value = num(shown);
      if (!Double.isNaN(bar.goal())) {
        double x = BAR_LEFT + bar.goal() / max * BAR_WIDTH;
        svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#111\""
            + " stroke-width=\"3\"/>%n", x, y - 4, x, y + BAR + 4));
        value += " (goal ≥ " + num(bar.goal()) + (bar.met() ? ", met)" : ", MISSED)");
      }
      svg.append(text(BAR_LEFT + BAR_WIDTH + 10, y + 12, value, "fill=\"" + (bar.met() == null ? "#444" : colour)
          + "\""));
      y += ROW;
    }
    return bottom + 20;
  }

  private static void legend(StringBuilder svg, int x, int y) {
    String[][] keys = {{MET, "goal met"}, {MISSED, "goal missed"}, {INFO, "no goal (information)"}};
    for (String[] key : keys) {
      svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"14\" fill=\"%s\"/>%n", x,
          y - 11, key[0]));
      svg.append(text(x + 20, y, key[1], ""));
      x += 36 + key[1].length() * 7;
    }
    svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#111\""
        + " stroke-width=\"3\"/>%n", x + 7, y - 14, x + 7, y + 4));
    svg.append(text(x + 20, y, "the goal", ""));
  }

  private static String text(double x, int y, String content, String attributes) {
    return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" %s>%s</text>%n", x, y, attributes, escape(content));
  }

  private static String shorten(String label, int max) {
    return label.length() <= max ? label : label.substring(0, max - 1) + "…";
  }

  private static String num(double value) {
    return String.format(Locale.ROOT, value == Math.rint(value) ? "%.0f" : "%.2f", value);
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
