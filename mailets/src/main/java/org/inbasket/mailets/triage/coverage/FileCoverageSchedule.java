package org.inbasket.mailets.triage.coverage;

import java.nio.file.Path;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import javax.mail.internet.AddressException;

import org.apache.james.core.MailAddress;
import org.inbasket.mailets.triage.conf.ConfException;
import org.inbasket.mailets.triage.conf.ConfFile;
import org.inbasket.mailets.triage.conf.ReloadingFile;

/**
 * The coverage schedule written in {@code conf/triage/coverage.conf} (docs/conf/coverage.conf.md), read-only
 * and reloaded when the file changes (no restart). Every window goes through {@link CoverageRules}: an
 * overlapping window or a cycle is an error naming the file and line. An invalid edit keeps the last good
 * schedule (ERROR logged); an invalid file at start-up fails the start.
 *
 * <pre>
 * [options]
 * timezone = America/New_York
 *
 * [window house-summer]
 * clinician = dr.house@clinic.example
 * clinician-name = Dr. Gregory House
 * from = 2025-07-01              # a date: from the start of that day
 * to = 2025-07-14                # a date: to the end of that day; or 2025-07-14T12:00, or with an offset
 * covered-by = dr.wilson@clinic.example
 * covered-by-name = Dr. James Wilson
 * kind = clinician               # or pool; default clinician
 * </pre>
 */
public final class FileCoverageSchedule implements CoverageSchedule {
    /** The keys of a [window] section. */
    public static final List<String> WINDOW_KEYS = List.of("clinician", "clinician-name", "from", "to", "covered-by",
        "covered-by-name", "kind");

    private final ReloadingFile<MemoryCoverageSchedule> file;

    public FileCoverageSchedule(Path path, Clock clock, Duration checkInterval) throws ConfException {
        this.file = new ReloadingFile<>(path, FileCoverageSchedule::load, clock, checkInterval);
    }

    @Override
    public List<CoverageWindow> windows() {
        return file.get().windows();
    }

    public static MemoryCoverageSchedule load(Path path) throws ConfException {
        return parse(ConfFile.read(path, false));
    }

    public static MemoryCoverageSchedule parse(String file, String text) throws ConfException {
        return parse(ConfFile.parse(file, text, false));
    }

    private static MemoryCoverageSchedule parse(List<ConfFile.Section> sections) throws ConfException {
        ZoneId zone = ZoneId.of("UTC");
        boolean optionsSeen = false;
        MemoryCoverageSchedule schedule = new MemoryCoverageSchedule();
        for (ConfFile.Section s : sections) {
            if (s.type().equals("options")) {
                if (optionsSeen) {
                    throw s.error("duplicate [options]");
                }
                if (sections.indexOf(s) != 0) {
                    throw s.error("[options] must come first");
                }
                optionsSeen = true;
                Map<String, ConfFile.Line> kv = s.keyValues(List.of("timezone"));
                if (kv.containsKey("timezone")) {
                    try {
                        zone = ZoneId.of(kv.get("timezone").text());
                    } catch (DateTimeException e) {
                        throw ConfException.at(s.file(), kv.get("timezone").number(), "unknown timezone '"
                            + kv.get("timezone").text() + "'");
                    }
                }
            } else if (s.type().equals("window")) {
                CoverageWindow window = window(s, zone);
                try {
                    schedule.add(window);
                } catch (CoverageException e) {
                    throw s.error(e.getMessage());
                }
            } else {
                throw s.error("unknown section [" + s.type() + "]; expected [options] or [window ID]");
            }
        }
        return schedule;
    }

    private static CoverageWindow window(ConfFile.Section s, ZoneId zone) throws ConfException {
        String id = s.requireArgument("an id");
        Map<String, ConfFile.Line> kv = s.keyValues(WINDOW_KEYS);
        for (String required : List.of("clinician", "from", "to", "covered-by")) {
            if (!kv.containsKey(required)) {
                throw s.error("[window " + id + "] needs '" + required + " = ...'");
            }
        }
        MailAddress absent = address(s, kv.get("clinician"));
        MailAddress coverer = address(s, kv.get("covered-by"));
        Instant from = instant(s, kv.get("from"), zone, false);
        Instant to = instant(s, kv.get("to"), zone, true);
        CoverageWindow.CovererKind kind = CoverageWindow.CovererKind.CLINICIAN;
        if (kv.containsKey("kind")) {
            kind = switch (kv.get("kind").text().toLowerCase(Locale.ROOT)) {
                case "clinician" -> CoverageWindow.CovererKind.CLINICIAN;
                case "pool" -> CoverageWindow.CovererKind.POOL;
                default -> throw ConfException.at(s.file(), kv.get("kind").number(), "kind must be clinician or pool");
            };
        }
        try {
            return new CoverageWindow(id, absent, optional(kv.get("clinician-name")), from, to, coverer, kind,
                optional(kv.get("covered-by-name")));
        } catch (IllegalArgumentException e) {
            throw s.error(e.getMessage());
        }
    }

    private static Optional<String> optional(ConfFile.Line line) {
        return line == null || line.text().isBlank() ? Optional.empty() : Optional.of(line.text());
    }

    private static MailAddress address(ConfFile.Section s, ConfFile.Line line) throws ConfException {
        try {
            return new MailAddress(line.text());
        } catch (AddressException e) {
            throw ConfException.at(s.file(), line.number(), "not a valid address: '" + line.text() + "'");
        }
    }

    /** A date (start of day, or with {@code endOfDay} the start of the next day), a local date-time, or with offset. */
    static Instant instant(ConfFile.Section s, ConfFile.Line line, ZoneId zone, boolean endOfDay) throws ConfException {
        String v = line.text();
        try {
            if (v.matches("\\d{4}-\\d{2}-\\d{2}")) {
                LocalDate date = LocalDate.parse(v);
                return (endOfDay ? date.plusDays(1) : date).atStartOfDay(zone).toInstant();
            }
            if (v.matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2})?")) {
                return LocalDateTime.parse(v).atZone(zone).toInstant();
            }
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeException e) {
            throw ConfException.at(s.file(), line.number(), "expected a date (2025-07-01), a local time"
                + " (2025-07-01T08:00) or a time with offset (2025-07-01T08:00-04:00), got '" + v + "'");
        }
    }
}
