package org.inbasket.gateway.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import javax.imageio.ImageIO;

/**
 * The report's PNG chart, drawn with the JDK alone (java.awt in headless mode, ImageIO): grouped bars of
 * delivered/s per load and target and, for runs that tracked Message-IDs, of the latency percentiles per run.
 * A charting library would add a dependency to the build for two bar charts; this class is the whole renderer.
 * {@code main(results-dir)} draws it again from a run's {@code results.csv}.
 */
final class Chart {
    private static final int WIDTH = 1200;
    private static final int PANEL = 380;
    private static final Color[] PALETTE = {new Color(0x4E79A7), new Color(0xF28E2B), new Color(0x59A14F),
        new Color(0xE15759), new Color(0x76B7B2), new Color(0xB07AA1)};

    private Chart() {
    }

    /** A panel: groups along the x axis, one bar per series in each group; values[series][group]. */
    record Bars(String title, String unit, List<String> groups, List<String> series, double[][] values) {
    }

    /** What the chart needs of one run. */
    record Row(String target, String load, double deliveredPerSecond, int timed, double p50, double p95, double p99) {
        static Row of(RunResult r) {
            RunResult.Latency l = r.latency();
            return new Row(r.target(), r.profile().name(), r.deliveredPerSecond(), l.count(), l.p50(), l.p95(), l.p99());
        }
    }

    /** Draws {@code <dir>/chart.png} again from {@code <dir>/results.csv} (as {@link Report} writes it). */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        List<String> lines = Files.readAllLines(dir.resolve("results.csv"));
        List<String> header = List.of(lines.get(0).split(","));
        List<Row> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            rows.add(new Row(f[header.indexOf("target")], f[header.indexOf("load")],
                Double.parseDouble(f[header.indexOf("delivered_per_s")]),
                Integer.parseInt(f[header.indexOf("latency_count")]), Double.parseDouble(f[header.indexOf("latency_p50_s")]),
                Double.parseDouble(f[header.indexOf("latency_p95_s")]), Double.parseDouble(f[header.indexOf("latency_p99_s")])));
        }
        draw(dir.resolve("chart.png"), rows, dir.getFileName() + (args.length > 1 ? ", " + args[1] : ""));
    }

    static void write(Path file, List<RunResult> results, String subtitle) throws IOException {
        draw(file, results.stream().map(Row::of).toList(), subtitle);
    }

    private static void draw(Path file, List<Row> results, String subtitle) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<Bars> panels = new ArrayList<>();
        panels.add(delivered(results));
        List<Row> timed = results.stream().filter(r -> r.timed() > 0).toList();
        if (!timed.isEmpty()) {
            panels.add(latency(timed));
        }
        BufferedImage image = new BufferedImage(WIDTH, 40 + PANEL * panels.size(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setColor(Color.DARK_GRAY);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString(subtitle, 20, 24);
        for (int i = 0; i < panels.size(); i++) {
            draw(g, panels.get(i), 40 + i * PANEL);
        }
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }

    private static Bars delivered(List<Row> results) {
        Set<String> loads = new LinkedHashSet<>();
        Set<String> targets = new LinkedHashSet<>();
        results.forEach(r -> {
            loads.add(r.load());
            targets.add(r.target());
        });
        List<String> groups = List.copyOf(loads);
        List<String> series = List.copyOf(targets);
        double[][] v = new double[series.size()][groups.size()];
        for (Row r : results) {
            v[series.indexOf(r.target())][groups.indexOf(r.load())] = r.deliveredPerSecond();
        }
        return new Bars("Delivered per second (first send to last visible over IMAP)", "msg/s", groups, series, v);
    }

    private static Bars latency(List<Row> timed) {
        List<String> groups = timed.stream().map(r -> r.target() + "\n" + r.load()).toList();
        double[][] v = new double[3][timed.size()];
        for (int i = 0; i < timed.size(); i++) {
            v[0][i] = timed.get(i).p50();
            v[1][i] = timed.get(i).p95();
            v[2][i] = timed.get(i).p99();
        }
        return new Bars("Accept-to-visible latency (SMTP 250 to seen over IMAP)", "s", groups, List.of("p50", "p95", "p99"), v);
    }

    private static void draw(Graphics2D g, Bars bars, int top) {
        int left = 70;
        int right = WIDTH - 20;
        int plotTop = top + 40;
        int plotBottom = top + PANEL - 70;
        double max = 0;
        for (double[] row : bars.values()) {
            for (double x : row) {
                max = Math.max(max, x);
            }
        }
        double scale = niceCeiling(max);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(bars.title(), left, top + 20);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        FontMetrics fm = g.getFontMetrics();
        for (int t = 0; t <= 4; t++) {
            int y = plotBottom - (plotBottom - plotTop) * t / 4;
            g.setColor(new Color(0xE0E0E0));
            g.drawLine(left, y, right, y);
            g.setColor(Color.DARK_GRAY);
            double tick = scale * t / 4;
            String label = String.format(Locale.ROOT, tick == Math.rint(tick) ? "%.0f" : "%.1f", tick);
            g.drawString(label, left - 8 - fm.stringWidth(label), y + 4);
        }
        g.drawString(bars.unit(), 10, plotTop - 10);
        int groupWidth = (right - left) / Math.max(1, bars.groups().size());
        int barWidth = Math.min(120, Math.max(4, (groupWidth - 20) / Math.max(1, bars.series().size())));
        for (int gi = 0; gi < bars.groups().size(); gi++) {
            int x0 = left + gi * groupWidth + 10;
            for (int si = 0; si < bars.series().size(); si++) {
                double value = bars.values()[si][gi];
                int h = scale > 0 ? (int) Math.round((plotBottom - plotTop) * value / scale) : 0;
                g.setColor(PALETTE[si % PALETTE.length]);
                g.fillRect(x0 + si * barWidth, plotBottom - h, barWidth - 2, h);
                if (value > 0) {
                    g.setColor(Color.DARK_GRAY);
                    String label = String.format(Locale.ROOT, value >= 20 ? "%.0f" : "%.1f", value);
                    g.drawString(label, x0 + si * barWidth + (barWidth - 2 - fm.stringWidth(label)) / 2, plotBottom - h - 3);
                }
            }
            g.setColor(Color.BLACK);
            String[] lines = bars.groups().get(gi).split("\n");
            for (int li = 0; li < lines.length; li++) {
                g.drawString(lines[li], left + gi * groupWidth + (groupWidth - fm.stringWidth(lines[li])) / 2,
                    plotBottom + 14 + 12 * li);
            }
        }
        g.setStroke(new BasicStroke(1));
        g.drawLine(left, plotBottom, right, plotBottom);
        int lx = left;
        for (int si = 0; si < bars.series().size(); si++) {
            g.setColor(PALETTE[si % PALETTE.length]);
            g.fillRect(lx, plotBottom + 38, 12, 12);
            g.setColor(Color.BLACK);
            g.drawString(bars.series().get(si), lx + 16, plotBottom + 48);
            lx += 28 + fm.stringWidth(bars.series().get(si));
        }
    }

    /** 1, 1.2, 1.6, 2, 2.4, 3, 4, 5, 6 or 8 times a power of ten (ticks at quarters), at least {@code max}; 1 when 0. */
    private static double niceCeiling(double max) {
        if (max <= 0) {
            return 1;
        }
        double power = Math.pow(10, Math.floor(Math.log10(max)));
        for (double step : new double[] {1, 1.2, 1.6, 2, 2.4, 3, 4, 5, 6, 8, 10}) {
            if (step * power >= max) {
                return step * power;
            }
        }
        return 10 * power;
    }
}
