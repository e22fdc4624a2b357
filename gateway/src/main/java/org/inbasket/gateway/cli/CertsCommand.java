package org.inbasket.gateway.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import org.inbasket.gateway.config.Secrets;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code admin certs list|issue|issue-all|export|import|revoke|expiring|domain-show|domain-issue}: the gateway's {@code /smime}. */
@Command(name = "certs", mixinStandardHelpOptions = true,
    description = "S/MIME certificates: the built-in CA's and correspondents' (/smime).")
final class CertsCommand extends CommandGroup {
    @Command(name = "list", mixinStandardHelpOptions = true, description = "Prints the certificates stored for an address (JSON).")
    int list(@Parameters(paramLabel = "ADDRESS") String address) {
        admin.print(admin.api().json("GET", path(address), null));
        return 0;
    }

    @Command(name = "issue", mixinStandardHelpOptions = true,
        description = "Issues a new key and certificate from the built-in CA (renewal); prints the certificate.")
    int issue(@Parameters(paramLabel = "ADDRESS") String address) {
        admin.print(admin.api().json("POST", path(address), null));
        return 0;
    }

    @Command(name = "issue-all", mixinStandardHelpOptions = true,
        description = {"Issues a new key and certificate for every user (e.g. after a CA change).",
            "Prints a progress line every --progress-every users and a summary; exit code 1 if any failed."})
    int issueAll(@Option(names = "--progress-every", paramLabel = "N", defaultValue = "25",
        description = "Progress line every N users (default: ${DEFAULT-VALUE}).") int every) {
        List<String> users = new ArrayList<>();
        admin.api().json("GET", "/users", null).forEach(u -> users.add(u.path("username").asText()));
        Progress progress = new Progress(admin.out(), "certs issue-all", users.size(), every);
        for (String user : users) {
            var answer = admin.api().send("POST", path(user), null);
            if (answer.statusCode() / 100 == 2) {
                progress.done();
            } else {
                progress.failed(user, AdminApi.failure("POST", path(user), answer.statusCode(), answer.body()).getMessage());
            }
        }
        return progress.finish("issued");
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Writes an address's newest key and certificate as PKCS#12 (owner-only file) for a mail client.",
            "The password (at least 8 characters) is prompted for or read from --password-file."})
    int export(@Parameters(paramLabel = "ADDRESS") String address,
               @Option(names = {"-o", "--out"}, required = true, paramLabel = "FILE.p12", description = "The file to write.") Path out,
               @Option(names = "--password-file", paramLabel = "FILE", description = "First line: the PKCS#12 password.") Path passwordFile,
               @Option(names = "--profile", paramLabel = "PROFILE", defaultValue = "modern",
                   description = "modern, or legacy for old readers such as gpgsm 2.2 (default: ${DEFAULT-VALUE}).") String profile) {
        String password = Passwords.read(passwordFile, "PKCS#12 password", 8);
        byte[] pkcs12 = admin.api().call("POST", path(address) + "/pkcs12", AdminApi.body("password", password, "profile", profile));
        try {
            Files.write(out, pkcs12, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
            Secrets.restrictToOwner(out);
        } catch (IOException e) {
            throw new AdminCliException(AdminCliException.LOCAL, "cannot write " + out + " (" + e.getClass().getSimpleName() + ")");
        }
        admin.println("wrote " + out + " (" + pkcs12.length + " bytes)");
        return 0;
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
        description = "Imports a correspondent's certificate (PEM), so mail to them leaves signed and encrypted.")
    int importCertificate(@Parameters(paramLabel = "FILE.pem") Path file) {
        String pem;
        try {
            pem = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new AdminCliException(AdminCliException.LOCAL, "cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
        }
        admin.print(admin.api().json("PUT", "/smime/certificates", AdminApi.body("pem", pem)));
        return 0;
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
        description = "Revokes a certificate of the built-in CA (serial in hex, from 'certs list') and publishes a new CRL.")
    int revoke(@Parameters(index = "0", paramLabel = "ADDRESS") String address,
               @Parameters(index = "1", paramLabel = "SERIAL") String serial) {
        admin.print(admin.api().json("DELETE", path(address) + "/" + AdminApi.segment(serial), null));
        return 0;
    }

    @Command(name = "expiring", mixinStandardHelpOptions = true,
        description = "Prints the built-in CA's certificates that expire within --days (JSON).")
    int expiring(@Option(names = "--days", paramLabel = "DAYS", defaultValue = "30",
        description = "The window (default: ${DEFAULT-VALUE}).") int days) {
        JsonNode expiring = admin.api().json("GET", "/smime/expiring?days=" + days, null);
        admin.print(expiring);
        return 0;
    }

    @Command(name = "domain-show", mixinStandardHelpOptions = true,
        description = {"Prints a local domain's certificate (JSON); with --out, writes it as PEM for partner gateways",
            "that encrypt to the domain or check its signatures."})
    int domainShow(@Parameters(paramLabel = "DOMAIN") String domain,
                   @Option(names = {"-o", "--out"}, paramLabel = "FILE.pem", description = "Write the certificate here.") Path out) {
        return domainAnswer(admin.api().json("GET", "/smime/domains/" + AdminApi.segment(domain), null), out);
    }

    @Command(name = "domain-issue", mixinStandardHelpOptions = true,
        description = "Issues a new key and certificate for a local domain (renewal; the old key still decrypts old mail).")
    int domainIssue(@Parameters(paramLabel = "DOMAIN") String domain,
                    @Option(names = {"-o", "--out"}, paramLabel = "FILE.pem", description = "Write the new certificate here.") Path out) {
        return domainAnswer(admin.api().json("POST", "/smime/domains/" + AdminApi.segment(domain), null), out);
    }

    private int domainAnswer(JsonNode answer, Path out) {
        if (out != null) {
            try {
                Files.writeString(out, answer.path("pem").asText(), StandardCharsets.US_ASCII);
            } catch (IOException e) {
                throw new AdminCliException(AdminCliException.LOCAL, "cannot write " + out + " (" + e.getClass().getSimpleName() + ")");
            }
            admin.println("wrote " + out);
        }
        admin.print(answer);
        return 0;
    }

    private static String path(String address) {
        return "/smime/certificates/" + AdminApi.segment(address);
    }
}
