package org.inbasket.gateway.cli;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code admin reports show|meaningful-use}: the gateway's {@code /reports/data} and {@code /reports/meaningful-use}. */
@Command(name = "reports", mixinStandardHelpOptions = true,
    description = "Report data (messages per day, response times, pool share, pickup, backlog) and the Meaningful "
        + "Use secure-messaging measure (/reports).")
final class ReportsCommand extends CommandGroup {

    @Command(name = "show", mixinStandardHelpOptions = true,
        description = "Prints the report data for a period as JSON (default) or CSV, or writes it to --out.")
    int show(@Option(names = "--from", paramLabel = "DATE", description = "First day, e.g. 2026-03-01 (default: 29 days before --to).") String from,
             @Option(names = "--to", paramLabel = "DATE", description = "Last day, inclusive (default: today).") String to,
             @Option(names = "--zone", paramLabel = "ZONE", description = "Time zone of the days, e.g. America/New_York (default: the gateway's).") String zone,
             @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "json", description = "json or csv (default: ${DEFAULT-VALUE}).") String format,
             @Option(names = {"-o", "--out"}, paramLabel = "FILE") Path out) {
        byte[] body = admin.api().call("GET", "/reports/data?" + query(from, to, zone, format), null);
        return write(body, out);
    }

    @Command(name = "meaningful-use", mixinStandardHelpOptions = true,
        description = {"Uploads a CSV of patients seen (column 1 e-mail address, column 2 visit date; a header row "
            + "is allowed) and prints numerator, denominator and percentage of those sent a secure message in the "
            + "period, with the rows left out and their line numbers.",
            "Exit code 0 when the 5 % threshold is met, 3 when it is not."})
    int meaningfulUse(@Option(names = "--csv", paramLabel = "FILE", required = true, description = "The patients seen.") Path csv,
                      @Option(names = "--from", paramLabel = "DATE", required = true) String from,
                      @Option(names = "--to", paramLabel = "DATE", required = true, description = "Inclusive.") String to,
                      @Option(names = "--zone", paramLabel = "ZONE") String zone,
                      @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "json", description = "json or csv (default: ${DEFAULT-VALUE}).") String format,
                      @Option(names = {"-o", "--out"}, paramLabel = "FILE") Path out) {
        byte[] data;
        try {
            data = Files.readAllBytes(csv);
        } catch (IOException e) {
            throw new AdminCliException(AdminCliException.LOCAL, "cannot read " + csv + " (" + e.getClass().getSimpleName() + ")");
        }
        String path = "/reports/meaningful-use?" + query(from, to, zone, format);
        byte[] body = admin.api().upload("POST", path, data, "text/csv; charset=utf-8");
        write(body, out);
        if (!"json".equals(format)) {
            return 0;
        }
        try {
            boolean meets = AdminApi.JSON.readTree(body).path("meetsThreshold").asBoolean(false);
            return meets ? 0 : NOT_MET;
        } catch (IOException e) {
            throw new AdminCliException(AdminCliException.API, "POST " + path + ": the answer is not JSON");
        }
    }

    /** Exit code when the measure is below 5 %. */
    static final int NOT_MET = 3;

    private static String query(String from, String to, String zone, String format) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("from", from);
        query.put("to", to);
        query.put("zone", zone);
        query.put("format", format);
        return query.entrySet().stream().filter(e -> e.getValue() != null)
            .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    }

    private int write(byte[] body, Path out) {
        if (out == null) {
            admin.out().print(new String(body, StandardCharsets.UTF_8));
            admin.out().flush();
            return 0;
        }
        try {
            Files.write(out, body);
        } catch (IOException e) {
            throw new AdminCliException(AdminCliException.LOCAL, "cannot write " + out + " (" + e.getClass().getSimpleName() + ")");
        }
        admin.println("wrote " + out);
        return 0;
    }
}
