package org.inbasket.gateway.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code admin audit verify|export}: the gateway's {@code /audit}. */
@Command(name = "audit", mixinStandardHelpOptions = true, description = "The hash-chained audit trail (/audit).")
final class AuditCommand extends CommandGroup {
    @Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Walks the hash chain; prints the result; exit code 1 when the chain is broken.")
    int verify() {
        JsonNode result = admin.api().json("GET", "/audit/verify", null);
        admin.print(result);
        return result.path("ok").asBoolean(false) ? 0 : AdminCliException.API;
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
        description = "Streams every matching entry as CSV or JSON to --out (default: standard output).")
    int export(@Option(names = "--format", paramLabel = "FORMAT", defaultValue = "csv",
                   description = "csv or json (default: ${DEFAULT-VALUE}).") String format,
               @Option(names = "--from", paramLabel = "INSTANT", description = "e.g. 2026-01-01T00:00:00Z") String from,
               @Option(names = "--to", paramLabel = "INSTANT", description = "Exclusive.") String to,
               @Option(names = "--event", paramLabel = "EVENT", description = "e.g. portal-view") String event,
               @Option(names = "--address", paramLabel = "ADDRESS") String address,
               @Option(names = {"-o", "--out"}, paramLabel = "FILE") Path out) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("format", format);
        query.put("from", from);
        query.put("to", to);
        query.put("event", event);
        query.put("address", address);
        String path = "/audit/export?" + query.entrySet().stream().filter(e -> e.getValue() != null)
            .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
        if (out == null) {
            admin.out().flush();
            admin.api().download(path, System.out);
            System.out.flush();
            return 0;
        }
        try (OutputStream file = Files.newOutputStream(out)) {
            admin.api().download(path, file);
        } catch (IOException e) {
            throw new AdminCliException(AdminCliException.LOCAL, "cannot write " + out + " (" + e.getClass().getSimpleName() + ")");
        }
        admin.println("wrote " + out);
        return 0;
    }
}
