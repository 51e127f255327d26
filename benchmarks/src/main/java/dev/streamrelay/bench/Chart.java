package dev.streamrelay.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/** A small line chart drawn with java.awt (headless) into a PNG. */
final class Chart {

  /** One line: its label and points (x, y). */
  record Series(String label, List<double[]> points, boolean dashed) {}

  private static final Color[] COLORS = {
    new Color(0x1f77b4),
    new Color(0xd62728),
    new Color(0x2ca02c),
    new Color(0xff7f0e),
    new Color(0x9467bd),
    new Color(0x8c564b),
  };

  private final String title;
  private final String xLabel;
  private final String yLabel;
  private final boolean logX;
  private final List<Series> series = new ArrayList<>();

  Chart(String title, String xLabel, String yLabel, boolean logX) {
    this.title = title;
    this.xLabel = xLabel;
    this.yLabel = yLabel;
    this.logX = logX;
  }

  Chart add(String label, List<double[]> points, boolean dashed) {
    if (!points.isEmpty()) {
      series.add(new Series(label, points, dashed));
    }
    return this;
  }

  void write(Path file) throws IOException {
    System.setProperty("java.awt.headless", "true");
    int w = 900;
    int h = 520;
    int left = 90;
    int right = 250;
    int top = 50;
    int bottom = 60;
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, w, h);
    double minX = Double.MAX_VALUE;
    double maxX = -Double.MAX_VALUE;
    double maxY = 0;
    for (Series s : series) {
      for (double[] p : s.points()) {
        minX = Math.min(minX, x(p[0]));
        maxX = Math.max(maxX, x(p[0]));
        maxY = Math.max(maxY, p[1]);
      }
    }
    if (series.isEmpty()) {
      minX = 0;
      maxX = 1;
    }
    if (maxX == minX) {
      maxX = minX + 1;
    }
    maxY = niceCeiling(maxY);
    int pw = w - left - right;
    int ph = h - top - bottom;
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
    g.drawString(title, left, 30);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    g.drawRect(left, top, pw, ph);
    for (int i = 0; i <= 5; i++) {
      double v = maxY * i / 5;
      int y = top + ph - (int) Math.round(ph * i / 5.0);
      g.setColor(new Color(0xE0E0E0));
      g.drawLine(left + 1, y, left + pw - 1, y);
      g.setColor(Color.BLACK);
      String label = String.format(Locale.ROOT, "%,.0f", v);
      g.drawString(label, left - 8 - g.getFontMetrics().stringWidth(label), y + 4);
    }
    List<Double> ticks = new ArrayList<>();
    if (logX) {
      for (Series s : series) {
        for (double[] p : s.points()) {
          if (!ticks.contains(p[0])) {
            ticks.add(p[0]);
          }
        }
      }
    } else {
      double step = niceCeiling((maxX - minX) / 8);
      for (double t = Math.ceil(minX / step) * step; t <= maxX; t += step) {
        ticks.add(t);
      }
    }
    for (double t : ticks) {
      int x = left + (int) Math.round(pw * (x(t) - minX) / (maxX - minX));
      String label = String.format(Locale.ROOT, "%.0f", t);
      g.drawLine(x, top + ph, x, top + ph + 4);
      g.drawString(label, x - g.getFontMetrics().stringWidth(label) / 2, top + ph + 18);
    }
    g.drawString(xLabel, left + pw / 2 - g.getFontMetrics().stringWidth(xLabel) / 2, h - 18);
    Graphics2D rotated = (Graphics2D) g.create();
    rotated.rotate(-Math.PI / 2);
    rotated.drawString(
        yLabel, -(top + ph / 2 + rotated.getFontMetrics().stringWidth(yLabel) / 2), 20);
    rotated.dispose();
    int legendY = top + 10;
    for (int i = 0; i < series.size(); i++) {
      Series s = series.get(i);
      Color c = COLORS[i % COLORS.length];
      g.setColor(c);
      g.setStroke(stroke(s.dashed()));
      int px = -1;
      int py = -1;
      for (double[] p : s.points()) {
        int x = left + (int) Math.round(pw * (x(p[0]) - minX) / (maxX - minX));
        int y = top + ph - (int) Math.round(ph * p[1] / maxY);
        g.fillOval(x - 3, y - 3, 7, 7);
        if (px >= 0) {
          g.drawLine(px, py, x, y);
        }
        px = x;
        py = y;
      }
      g.drawLine(left + pw + 15, legendY, left + pw + 40, legendY);
      g.setColor(Color.BLACK);
      g.drawString(s.label(), left + pw + 46, legendY + 4);
      legendY += 20;
    }
    g.dispose();
    ImageIO.write(img, "png", file.toFile());
  }

  private double x(double v) {
    return logX ? Math.log(v) / Math.log(2) : v;
  }

  private static BasicStroke stroke(boolean dashed) {
    return dashed
        ? new BasicStroke(
            2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f, new float[] {6f, 4f}, 0f)
        : new BasicStroke(2.2f);
  }

  private static double niceCeiling(double v) {
    if (v <= 0) {
      return 1;
    }
    double mag = Math.pow(10, Math.floor(Math.log10(v)));
    for (double m : new double[] {1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10}) {
      if (m * mag >= v) {
        return m * mag;
      }
    }
    return 10 * mag;
  }
}
