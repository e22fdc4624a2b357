package org.inbasket.gateway.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.inbasket.gateway.admin.AdminToken;
import org.inbasket.gateway.config.ConfigException;
import org.inbasket.gateway.config.GatewaySettings;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code gateway admin [--url URL] [--token-file FILE] <command>}: the command-line client of the admin API
 * (docs/admin-api.md). Without {@code --url} and {@code --token-file} it reads the gateway's own settings
 * (the top-level {@code --conf} and {@code --data}, {@code GATEWAY_*} variables) to find the API and
 * {@code <data>/admin.token}, so on the gateway's host it needs no options.
 *
 * <p>Exit codes: 0 done; 1 the API refused or failed (its message is printed); 2 a local problem (usage,
 * token file, input file).</p>
 *
 * <p>SECURITY: the token is read from a file, never from the command line or the environment, where other
 * users could see it; passwords likewise come from a prompt or a file.</p>
 */
@Command(name = "admin", mixinStandardHelpOptions = true,
    description = "Command-line client of the gateway's admin API (James WebAdmin with the gateway's routes).",
    subcommands = {UsersCommand.class, DomainsCommand.class, PoolsCommand.class, CoverageCommand.class,
        CertsCommand.class, PickupCommand.class, AuditCommand.class, ReportsCommand.class})
public final class AdminCommand implements Runnable {
    /** Where the gateway's configuration and data are, for the defaults of --url and --token-file. */
    public interface GatewayLocation {
        Path confDir();

        /** @return the top-level {@code --data}, or {@code null} */
        Path dataDir();

        Map<String, String> environment();
    }

    @Spec
    CommandSpec spec;

    @Option(names = "--url", paramLabel = "URL",
        description = "The admin API (default: http://<admin.bind.address>:<admin.port> from the gateway's settings).")
    URI url;

    @Option(names = "--token-file", paramLabel = "FILE",
        description = "The admin token file (default: admin.token in the gateway's data directory).")
    Path tokenFile;

    private final GatewayLocation location;
    private AdminApi api;

    public AdminCommand(GatewayLocation location) {
        this.location = location;
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing command: " + String.join("|", spec.subcommands().keySet()));
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** The API client, with the URL and token resolved on first use. */
    AdminApi api() {
        if (api == null) {
            GatewaySettings settings = url == null || tokenFile == null ? settings() : null;
            URI base = url != null ? url : URI.create("http://" + host(settings.get("admin.bind.address")) + ":"
                + settings.get("admin.port"));
            Path file = tokenFile != null ? tokenFile : settings.dataDir().resolve(AdminToken.FILE_NAME);
            api = new AdminApi(base, readToken(file));
        }
        return api;
    }

    private GatewaySettings settings() {
        Map<String, String> overrides = new HashMap<>();
        if (location.dataDir() != null) {
            overrides.put("data.dir", location.dataDir().toString());
        }
        try {
            return GatewaySettings.load(location.confDir(), location.environment(), overrides);
        } catch (ConfigException e) {
            throw new AdminCliException(AdminCliException.LOCAL, "cannot read the gateway's settings to find the admin "
                + "API (" + e.getMessage() + "); give --conf, or --url and --token-file");
        }
    }

    /** A wildcard bind address is reached over loopback; IPv6 literals need brackets in a URL. */
    static String host(String bindAddress) {
        if (bindAddress.equals("0.0.0.0") || bindAddress.equals("::") || bindAddress.equals("[::]")) {
            return "127.0.0.1";
        }
        return bindAddress.contains(":") && !bindAddress.startsWith("[") ? "[" + bindAddress + "]" : bindAddress;
    }

    static String readToken(Path file) {
        try {
            String token = Files.readString(file, StandardCharsets.US_ASCII).trim();
            if (token.isEmpty()) {
                throw new AdminCliException(AdminCliException.LOCAL, file + ": the admin token file is empty");
            }
            return token;
        } catch (IOException e) {
            throw new AdminCliException(AdminCliException.LOCAL, "cannot read the admin token " + file + " ("
                + e.getClass().getSimpleName() + "); the gateway creates it at first start; give --token-file if "
                + "it is elsewhere");
        }
    }

    /** Prints a JSON answer indented. */
    void print(JsonNode node) {
        try {
            out().println(AdminApi.JSON.writeValueAsString(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        out().flush();
    }

    void println(String line) {
        out().println(line);
        out().flush();
    }
}
