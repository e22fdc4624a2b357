package org.inbasket.gateway.cli;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code admin users list|add|remove|import}: James's {@code /users} (creating a user also issues its S/MIME certificate). */
@Command(name = "users", mixinStandardHelpOptions = true, description = "Mail accounts (James /users).")
final class UsersCommand extends CommandGroup {
    @Command(name = "list", mixinStandardHelpOptions = true, description = "Prints every user, one a line.")
    int list() {
        for (JsonNode user : admin.api().json("GET", "/users", null)) {
            admin.println(user.path("username").asText());
        }
        return 0;
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
        description = "Creates a user (and its S/MIME certificate); the password is prompted for or read from --password-file.")
    int add(@Parameters(paramLabel = "ADDRESS", description = "e.g. dr.grey@clinic.example") String address,
            @Option(names = "--password-file", paramLabel = "FILE", description = "First line: the password.")
            Path passwordFile) {
        String password = Passwords.read(passwordFile, "password for " + address, 1);
        admin.api().call("PUT", "/users/" + AdminApi.segment(address), AdminApi.body("password", password));
        admin.println("created " + address);
        return 0;
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
        description = "Deletes a user (not its mailboxes' mail); exit code 1 if there is no such user.")
    int remove(@Parameters(paramLabel = "ADDRESS") String address) {
        String path = "/users/" + AdminApi.segment(address);
        // James answers DELETE of an unknown user with 204 as well: ask first, so a typo is not reported as done.
        HttpResponse<byte[]> exists = admin.api().send("HEAD", path, null);
        if (exists.statusCode() == 404) {
            throw new AdminCliException(AdminCliException.API, "no user " + address);
        }
        if (exists.statusCode() / 100 != 2) {
            throw AdminApi.failure("HEAD", path, exists.statusCode(), exists.body());
        }
        admin.api().call("DELETE", path, null);
        admin.println("removed " + address);
        return 0;
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Creates the users listed in FILE (and their S/MIME certificates).",
            "One 'address,password' a line (the password may contain commas); blank lines and lines starting with #",
            "are ignored. Existing users are skipped, not changed.",
            "Prints a progress line every --progress-every users and a summary; exit code 1 if any failed."})
    int importUsers(@Parameters(paramLabel = "FILE") Path file,
                    @Option(names = "--progress-every", paramLabel = "N", defaultValue = "100",
                        description = "Progress line every N users (default: ${DEFAULT-VALUE}).") int every) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                .filter(l -> !l.isBlank() && !l.strip().startsWith("#")).toList();
        } catch (IOException e) {
            throw new AdminCliException(AdminCliException.LOCAL, "cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
        }
        Progress progress = new Progress(admin.out(), "users import", lines.size(), every);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int comma = line.indexOf(',');
            if (comma <= 0 || comma == line.length() - 1) {
                progress.failed("entry " + (i + 1), "not 'address,password'");
                continue;
            }
            String address = line.substring(0, comma).strip();
            HttpResponse<byte[]> answer = admin.api().send("PUT", "/users/" + AdminApi.segment(address),
                AdminApi.body("password", line.substring(comma + 1)));
            if (answer.statusCode() / 100 == 2) {
                progress.done();
            } else if (answer.statusCode() == 409) {
                progress.skipped(address, "already exists");
            } else {
                progress.failed(address, AdminApi.failure("PUT", "/users/" + address, answer.statusCode(), answer.body())
                    .getMessage());
            }
        }
        return progress.finish("created");
    }
}
