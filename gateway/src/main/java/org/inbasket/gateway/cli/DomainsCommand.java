package org.inbasket.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code admin domains list|add}: James's {@code /domains}. */
@Command(name = "domains", mixinStandardHelpOptions = true, description = "Local mail domains (James /domains).")
final class DomainsCommand extends CommandGroup {
    @Command(name = "list", mixinStandardHelpOptions = true, description = "Prints every local domain, one a line.")
    int list() {
        for (JsonNode domain : admin.api().json("GET", "/domains", null)) {
            admin.println(domain.asText());
        }
        return 0;
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Adds a local domain.")
    int add(@Parameters(paramLabel = "DOMAIN") String domain) {
        admin.api().call("PUT", "/domains/" + AdminApi.segment(domain), null);
        admin.println("added " + domain);
        return 0;
    }
}
