package org.inbasket.gateway.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code admin coverage list|add|remove}: the gateway's {@code /coverage}. */
@Command(name = "coverage", mixinStandardHelpOptions = true,
    description = "Coverage windows: while a clinician is absent, their mail is forwarded to a coverer (/coverage).")
final class CoverageCommand extends CommandGroup {
    @Command(name = "list", mixinStandardHelpOptions = true, description = "Prints every coverage window (JSON).")
    int list() {
        admin.print(admin.api().json("GET", "/coverage", null));
        return 0;
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
        description = "Adds a window; overlaps and cycles are refused with the reason. Applies at once.")
    int add(@Option(names = "--absent", required = true, paramLabel = "ADDRESS", description = "Who is away.") String absent,
            @Option(names = "--from", required = true, paramLabel = "INSTANT", description = "e.g. 2026-12-01T08:00:00Z") String from,
            @Option(names = "--to", required = true, paramLabel = "INSTANT", description = "End (exclusive).") String to,
            @Option(names = "--coverer", required = true, paramLabel = "ADDRESS", description = "Who covers.") String coverer,
            @Option(names = "--kind", paramLabel = "KIND", defaultValue = "clinician",
                description = "clinician or pool (default: ${DEFAULT-VALUE}).") String kind,
            @Option(names = "--id", paramLabel = "ID", description = "An id of your choosing (default: one is made).") String id) {
        admin.print(admin.api().json("POST", "/coverage",
            AdminApi.body("id", id, "absent", absent, "from", from, "to", to, "coverer", coverer, "kind", kind)));
        return 0;
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Removes a window added through the API.")
    int remove(@Parameters(paramLabel = "ID") String id) {
        admin.api().call("DELETE", "/coverage/" + AdminApi.segment(id), null);
        admin.println("removed coverage " + id);
        return 0;
    }
}
