package org.inbasket.gateway.cli;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code admin pickup list|revoke}: the gateway's {@code /pickup}. */
@Command(name = "pickup", mixinStandardHelpOptions = true, description = "Messages held for patients on the pickup portal (/pickup).")
final class PickupCommand extends CommandGroup {
    @Command(name = "list", mixinStandardHelpOptions = true,
        description = {"Prints the messages a patient can see on the portal (JSON): store id, Message-ID, direction,",
            "dates, number of attachments; never subjects. Expired and revoked messages are left out."})
    int list(@Parameters(paramLabel = "PATIENT", description = "The patient's address.") String patient) {
        admin.print(admin.api().json("GET", "/pickup/messages?patient="
            + URLEncoder.encode(patient, StandardCharsets.UTF_8), null));
        return 0;
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
        description = "Revokes every copy of a sent message (--message-id) or one held message (--store-id).")
    int revoke(@Option(names = "--message-id", paramLabel = "ID", description = "The Message-ID, e.g. <abc@host>") String messageId,
               @Option(names = "--store-id", paramLabel = "ID", description = "One held message's store id.") String storeId) {
        if ((messageId == null) == (storeId == null)) {
            throw new ParameterException(spec.commandLine().getSubcommands().get("revoke"),
                "give exactly one of --message-id and --store-id");
        }
        if (messageId != null) {
            admin.print(admin.api().json("POST", "/pickup/revocations", AdminApi.body("messageId", messageId)));
        } else {
            admin.api().call("DELETE", "/pickup/messages/" + AdminApi.segment(storeId), null);
            admin.println("revoked " + storeId);
        }
        return 0;
    }
}
