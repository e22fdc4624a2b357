package org.inbasket.mailets.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;

/**
 * Writes audit entries as CSV (RFC 4180, with a header line) or JSON (one array of objects), streaming from
 * {@link AuditTrail#forEach} so an export of any size uses constant memory.
 *
 * <p>SECURITY: a CSV cell that starts with {@code = + - @}, a tab or a carriage return is prefixed with
 * {@code '} so a spreadsheet does not run it as a formula (addresses and Message-IDs come from outside);
 * the JSON export is exact and is the one to re-verify hashes from.</p>
 */
public final class AuditExport {
    /** The export formats. */
    public enum Format {
        CSV("text/csv; charset=utf-8"),
        JSON("application/json");

        private final String contentType;

        Format(String contentType) {
            this.contentType = contentType;
        }

        public String contentType() {
            return contentType;
        }

        /** @throws IllegalArgumentException for anything but {@code csv} or {@code json} */
        public static Format parse(String value) {
            return switch (value == null ? "" : value.strip().toLowerCase(Locale.ROOT)) {
                case "csv" -> CSV;
                case "json" -> JSON;
                default -> throw new IllegalArgumentException("format must be csv or json");
            };
        }
    }

    static final List<String> COLUMNS = List.of("seq", "time", "event", "actor", "addresses", "clientIp",
        "reference", "messageId", "detail", "hash");

    private AuditExport() {
    }

    /** Writes every entry {@code query} selects; returns how many. */
    public static long write(AuditTrail trail, AuditQuery query, Format format, Writer out) throws IOException {
        long[] count = {0};
        try {
            if (format == Format.CSV) {
                out.write(String.join(",", COLUMNS) + "\r\n");
                trail.forEach(query, entry -> {
                    csvRow(entry, out);
                    count[0]++;
                });
            } else {
                out.write('[');
                trail.forEach(query, entry -> {
                    jsonObject(entry, out, count[0] == 0 ? "\n" : ",\n");
                    count[0]++;
                });
                out.write("\n]\n");
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        out.flush();
        return count[0];
    }

    private static List<String> values(AuditEntry e) {
        AuditRecord r = e.record();
        return List.of(Long.toString(e.seq()), r.time().toString(), r.event(), r.actor(), r.joinedAddresses(),
            r.clientIp(), r.reference(), r.messageId(), r.detail(), e.hash());
    }

    private static void csvRow(AuditEntry entry, Writer out) {
        StringBuilder row = new StringBuilder();
        for (String value : values(entry)) {
            if (row.length() > 0) {
                row.append(',');
            }
            row.append(csvCell(value));
        }
        write(out, row.append("\r\n").toString());
    }

    static String csvCell(String value) {
        String v = value;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0 && !v.equals("-")) {
            v = "'" + v;
        }
        if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
            return '"' + v.replace("\"", "\"\"") + '"';
        }
        return v;
    }

    private static void jsonObject(AuditEntry entry, Writer out, String before) {
        StringBuilder o = new StringBuilder(before).append('{');
        List<String> values = values(entry);
        for (int i = 0; i < COLUMNS.size(); i++) {
            if (i > 0) {
                o.append(',');
            }
            o.append(jsonString(COLUMNS.get(i))).append(':');
            if (i == 0) {
                o.append(values.get(i));
            } else if (COLUMNS.get(i).equals("addresses")) {
                o.append('[');
                List<String> addresses = entry.record().addresses();
                for (int a = 0; a < addresses.size(); a++) {
                    o.append(a == 0 ? "" : ",").append(jsonString(addresses.get(a)));
                }
                o.append(']');
            } else {
                o.append(jsonString(values.get(i)));
            }
        }
        write(out, o.append('}').toString());
    }

    static String jsonString(String value) {
        StringBuilder sb = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    private static void write(Writer out, String text) {
        try {
            out.write(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
