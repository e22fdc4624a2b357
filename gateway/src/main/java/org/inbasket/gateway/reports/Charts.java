package org.inbasket.gateway.reports;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report's charts as plain shapes (rectangles, lines, texts) with computed coordinates, which the
 * {@code report.ftlh} template writes as inline SVG: no script, no external resource, so the page works offline
 * and under a strict Content-Security-Policy. Every text is escaped by the template.
 */
public final class Charts {
    static final int WIDTH = 720;
    static final int HEIGHT = 240;
    private static final int LEFT = 48;
    private static final int BOTTOM = 40;
    private static final int TOP = 24;

    private Charts() {
    }

    /** A chart: id (a CSS/test hook), title, size, and its shapes. */
    public record Chart(String id, String title, int width, int height, List<Map<String, Object>> shapes,
                        String summary) {
    }

    public static List<Chart> of(ReportData data) {
        return List.of(daily(data), responses(data), pools(data), backlog(data));
    }

    static Chart daily(ReportData data) {
        List<Map<String, Object>> shapes = new ArrayList<>();
        List<ReportData.Day> days = data.days();
        long max = Math.max(1, days.stream().mapToLong(d -> Math.max(d.in(), d.out())).max().orElse(1));
        axis(shapes, max);
        double slot = (double) (WIDTH - LEFT - 8) / Math.max(1, days.size());
        double bar = Math.max(1, slot / 2 - 1);
        int labelEvery = Math.max(1, days.size() / 10);
        for (int i = 0; i < days.size(); i++) {
            ReportData.Day d = days.get(i);
            double x = LEFT + i * slot;
            shapes.add(bar(x, d.in(), max, bar, "in", d.date() + ": " + d.in() + " in"));
            shapes.add(bar(x + bar, d.out(), max, bar, "out", d.date() + ": " + d.out() + " out"));
            if (i % labelEvery == 0) {
                shapes.add(text(x, HEIGHT - BOTTOM + 16, d.date().toString().substring(5), "start", "tick"));
            }
        }
        shapes.add(text(LEFT, HEIGHT - 6, "\u25A0 patient messages in", "start", "legend in"));
        shapes.add(text(LEFT + 200, HEIGHT - 6, "\u25A0 secure messages out", "start", "legend out"));
        long in = days.stream().mapToLong(ReportData.Day::in).sum();
        long out = days.stream().mapToLong(ReportData.Day::out).sum();
        return new Chart("chart-daily", "Messages per day", WIDTH, HEIGHT, shapes,
            in + " patient messages in, " + out + " secure messages out");
    }

    static Chart responses(ReportData data) {
        List<Map<String, Object>> shapes = new ArrayList<>();
        List<ReportData.Bucket> buckets = data.responses().distribution();
        long max = Math.max(1, buckets.stream().mapToLong(ReportData.Bucket::count).max().orElse(1));
        axis(shapes, max);
        double slot = (double) (WIDTH - LEFT - 8) / buckets.size();
        for (int i = 0; i < buckets.size(); i++) {
            ReportData.Bucket b = buckets.get(i);
            double x = LEFT + i * slot + 4;
            shapes.add(bar(x, b.count(), max, slot - 8, b.withinStandard() ? "within" : "late",
                b.label() + ": " + b.count()));
            shapes.add(text(x + (slot - 8) / 2, HEIGHT - BOTTOM + 16, b.label(), "middle", "tick"));
        }
        int standardIndex = (int) buckets.stream().filter(ReportData.Bucket::withinStandard).count();
        double x = LEFT + standardIndex * slot;
        shapes.add(line(x, TOP - 8, x, HEIGHT - BOTTOM, "standard"));
        shapes.add(text(x + 4, TOP - 10, "24-hour standard", "start", "standard-label"));
        Double share = data.responses().shareWithinStandard();
        return new Chart("chart-response", "Response time (patient message to first clinician reply)", WIDTH, HEIGHT,
            shapes, share == null ? "No patient message old enough to judge yet"
                : percent(share) + " answered within 24 hours (" + data.responses().withinStandard() + " of "
                + (data.responses().patientMessages() - data.responses().pending()) + ")");
    }

    static Chart pools(ReportData data) {
        List<Map<String, Object>> shapes = new ArrayList<>();
        ReportData.Pools p = data.pools();
        long routine = p.pool() + p.clinician();
        int height = 90;
        double full = WIDTH - LEFT - 8;
        double poolWidth = routine == 0 ? 0 : full * p.pool() / routine;
        shapes.add(rect(LEFT, 20, poolWidth, 30, "pool", "pool: " + p.pool()));
        shapes.add(rect(LEFT + poolWidth, 20, full - poolWidth, 30, routine == 0 ? "empty" : "clinician",
            "clinician: " + p.clinician()));
        shapes.add(text(LEFT, 70, "\u25A0 pools " + p.pool(), "start", "legend pool"));
        shapes.add(text(LEFT + 200, 70, "\u25A0 individual clinicians " + p.clinician(), "start", "legend clinician"));
        return new Chart("chart-pools", "Routine patient messages handled by pools", WIDTH, height, shapes,
            p.poolShare() == null ? "No routine patient messages in this period"
                : percent(p.poolShare()) + " of " + routine + " routine messages went to a pool (" + p.urgent()
                + " urgent messages went to the clinician and are not counted)");
    }

    static Chart backlog(ReportData data) {
        List<Map<String, Object>> shapes = new ArrayList<>();
        List<ReportData.Mailbox> boxes = data.backlog().mailboxes().stream().limit(15).toList();
        int row = 20;
        int height = Math.max(60, boxes.size() * row + 30);
        long max = Math.max(1, boxes.stream().mapToLong(ReportData.Mailbox::unread).max().orElse(1));
        int labelWidth = 240;
        double full = WIDTH - labelWidth - 150;
        for (int i = 0; i < boxes.size(); i++) {
            ReportData.Mailbox b = boxes.get(i);
            int y = 10 + i * row;
            shapes.add(text(labelWidth - 6, y + 13, b.mailbox(), "end", "tick"));
            double w = full * b.unread() / max;
            shapes.add(rect(labelWidth, y + 2, w, row - 6, "backlog", b.mailbox() + ": " + b.unread() + " unread"));
            shapes.add(text(labelWidth + w + 6, y + 13, b.unread() + " (oldest " + b.oldestUnreadHours() + " h)",
                "start", "value"));
        }
        long total = data.backlog().mailboxes().stream().mapToLong(ReportData.Mailbox::unread).sum();
        return new Chart("chart-backlog", "Unread backlog now (INBOX per mailbox)", WIDTH, height, shapes,
            total + " unread messages in " + data.backlog().mailboxes().size() + " mailboxes"
                + (data.backlog().complete() ? "" : " (incomplete: the snapshot ran out of time)"));
    }

    private static void axis(List<Map<String, Object>> shapes, long max) {
        shapes.add(line(LEFT, HEIGHT - BOTTOM, WIDTH - 8, HEIGHT - BOTTOM, "axis"));
        shapes.add(line(LEFT, TOP, LEFT, HEIGHT - BOTTOM, "axis"));
        shapes.add(text(LEFT - 6, TOP + 4, Long.toString(max), "end", "tick"));
        shapes.add(text(LEFT - 6, HEIGHT - BOTTOM, "0", "end", "tick"));
    }

    private static Map<String, Object> bar(double x, long value, long max, double width, String cls, String title) {
        double h = (double) (HEIGHT - BOTTOM - TOP) * value / max;
        return rect(x, HEIGHT - BOTTOM - h, width, h, cls, title);
    }

    private static Map<String, Object> rect(double x, double y, double w, double h, String cls, String title) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("kind", "rect");
        s.put("x", fmt(x));
        s.put("y", fmt(y));
        s.put("w", fmt(Math.max(0, w)));
        s.put("h", fmt(Math.max(0, h)));
        s.put("cls", cls);
        s.put("title", title);
        return s;
    }

    private static Map<String, Object> line(double x1, double y1, double x2, double y2, String cls) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("kind", "line");
        s.put("x1", fmt(x1));
        s.put("y1", fmt(y1));
        s.put("x2", fmt(x2));
        s.put("y2", fmt(y2));
        s.put("cls", cls);
        return s;
    }

    private static Map<String, Object> text(double x, double y, String value, String anchor, String cls) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("kind", "text");
        s.put("x", fmt(x));
        s.put("y", fmt(y));
        s.put("text", value);
        s.put("anchor", anchor);
        s.put("cls", cls);
        return s;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f %%", share * 100);
    }
}
