package org.inbasket.gateway.reports;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;

import javax.mail.internet.AddressException;
import javax.mail.internet.InternetAddress;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The Meaningful Use Stage 2 secure-messaging measure: of the patients seen in a period (from the clinic's CSV),
 * the share who were sent a secure message through the gateway in that period. The threshold is 5 %.
 *
 * <p>The CSV (RFC 4180, UTF-8): one visit per row, column 1 the patient's e-mail address, column 2 the visit date
 * ({@code 2026-03-02} or {@code 03/02/2026}, month first); further columns are ignored and never kept. A first
 * row whose second cell is not a date (such as {@code email,visit_date}) is a header. Fields may be quoted.
 * Rows with a missing or invalid address or date are reported with their line number and left out; visits
 * outside the period are counted and left out; a patient seen several times counts once. Addresses compare
 * case-insensitively. The parse never throws for bad content: a broken quote stops the reading with a problem
 * naming the line.</p>
 *
 * <p>SECURITY: the upload is parsed in memory and never stored or logged; only addresses and dates are read.</p>
 */
public final class MeaningfulUse {
    /** The Stage 2 threshold. */
    public static final double THRESHOLD = 0.05;
    /** Rows read at most; the rest is reported as one problem. */
    public static final int MAX_ROWS = 200_000;
    /** Problems listed at most (the count goes on). */
    static final int MAX_PROBLEMS = 100;
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("uuuu-MM-dd")
        .withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter US = DateTimeFormatter.ofPattern("M/d/uuuu")
        .withResolverStyle(ResolverStyle.STRICT);

    private MeaningfulUse() {
    }

    /** A row that was left out, and why. */
    public record Problem(long line, String reason) {
    }

    /** The patients seen in the period (lower-case addresses, sorted) and what was wrong with the file. */
    public record Visits(Set<String> patients, long rows, long outsidePeriod, long problemCount, List<Problem> problems) {
    }

    /** One patient of the denominator. */
    public record Patient(String email, boolean sentSecureMessage) {
    }

    /** The measure. {@code percentage} is null when nobody was seen. */
    public record Result(LocalDate from, LocalDate to, long numerator, long denominator, Double percentage,
                         boolean meetsThreshold, long rows, long outsidePeriod, long problemCount,
                         List<Problem> problems, List<Patient> patients) {
    }

    /** Reads the visits of {@code [from, to]} from the CSV. */
    public static Visits read(String csv, LocalDate from, LocalDate to) {
        TreeMap<String, Boolean> patients = new TreeMap<>();
        List<Problem> problems = new ArrayList<>();
        long[] counts = new long[3]; // rows, outside, problems
        CSVFormat format = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).setTrim(true).build();
        try (CSVParser parser = format.parse(new StringReader(csv))) {
            Iterator<CSVRecord> records = parser.iterator();
            long lastLine = 0;
            int scanned = 0;
            long endLine = 0;
            boolean first = true;
            while (true) {
                CSVRecord record;
                try {
                    if (!records.hasNext()) {
                        break;
                    }
                    record = records.next();
                } catch (UncheckedIOException | IllegalStateException e) {
                    problem(problems, counts, endLine + 1, "not valid CSV from here on (an unclosed quote?); "
                        + "the rest of the file was not read");
                    break;
                }
                // The line a record starts on: 1 + the line breaks before its first character.
                int start = (int) Math.min(csv.length(), record.getCharacterPosition());
                while (start < csv.length() && (csv.charAt(start) == '\n' || csv.charAt(start) == '\r')) {
                    start++; // an ignored empty line before the record
                }
                for (; scanned < start; scanned++) {
                    if (csv.charAt(scanned) == '\n') {
                        lastLine++;
                    }
                }
                long line = lastLine + 1;
                endLine = parser.getCurrentLineNumber();
                if (first) {
                    first = false;
                    if (record.size() >= 2 && parseDate(record.get(1)) == null && !record.get(1).isBlank()
                        && !record.get(0).contains("@")) {
                        continue; // a header
                    }
                }
                if (counts[0] >= MAX_ROWS) {
                    problem(problems, counts, line, "more than " + MAX_ROWS + " rows; the rest was not read");
                    break;
                }
                counts[0]++;
                visit(record, line, from, to, patients, problems, counts);
            }
        } catch (IOException e) {
            problem(problems, counts, 0, "the file could not be read");
        }
        return new Visits(patients.navigableKeySet(), counts[0], counts[1], counts[2], problems);
    }

    private static void visit(CSVRecord record, long line, LocalDate from, LocalDate to,
                              TreeMap<String, Boolean> patients, List<Problem> problems, long[] counts) {
        if (record.size() < 2) {
            problem(problems, counts, line, "expected two columns: e-mail address, visit date");
            return;
        }
        String email = record.get(0);
        String address = address(email);
        if (address == null) {
            problem(problems, counts, line, email.isBlank() ? "no e-mail address" : "not an e-mail address");
            return;
        }
        LocalDate date = parseDate(record.get(1));
        if (date == null) {
            problem(problems, counts, line, "the visit date is not a date (use 2026-03-02 or 03/02/2026)");
            return;
        }
        if (date.isBefore(from) || date.isAfter(to)) {
            counts[1]++;
            return;
        }
        patients.put(address, Boolean.TRUE);
    }

    private static void problem(List<Problem> problems, long[] counts, long line, String reason) {
        counts[2]++;
        if (problems.size() < MAX_PROBLEMS) {
            problems.add(new Problem(line, reason));
        }
    }

    static String address(String value) {
        String v = value.strip();
        if (v.isEmpty() || v.length() > 320 || v.indexOf('@') <= 0) {
            return null;
        }
        try {
            InternetAddress parsed = new InternetAddress(v, true);
            if (!parsed.getAddress().equals(v)) {
                return null;
            }
            return v.toLowerCase(Locale.ROOT);
        } catch (AddressException e) {
            return null;
        }
    }

    static LocalDate parseDate(String value) {
        String v = value.strip();
        for (DateTimeFormatter f : List.of(ISO, US)) {
            try {
                return LocalDate.parse(v, f);
            } catch (DateTimeParseException e) {
                // next format
            }
        }
        return null;
    }

    /** The measure from the visits and the patients sent a secure message in the same period. */
    public static Result measure(LocalDate from, LocalDate to, Visits visits, Set<String> sentSecureMessage) {
        List<Patient> patients = new ArrayList<>();
        long numerator = 0;
        for (String patient : visits.patients()) {
            boolean sent = sentSecureMessage.contains(patient);
            if (sent) {
                numerator++;
            }
            patients.add(new Patient(patient, sent));
        }
        long denominator = patients.size();
        Double share = denominator == 0 ? null : (double) numerator / denominator;
        return new Result(from, to, numerator, denominator, share == null ? null : Math.round(share * 10000) / 100.0,
            share != null && share >= THRESHOLD, visits.rows(), visits.outsidePeriod(), visits.problemCount(),
            visits.problems(), patients);
    }
}
