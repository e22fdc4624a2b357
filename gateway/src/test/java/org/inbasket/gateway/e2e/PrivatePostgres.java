package org.inbasket.gateway.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of the test's own (initdb in a temporary directory, 127.0.0.1 and a free port, trust
 * authentication for its one user), so that a test can stop and start the database under a running gateway
 * without disturbing anything else that uses the machine's shared server. Uses the installed server binaries
 * ({@code /usr/lib/postgresql/<version>/bin}); run as root, it runs them as the {@code postgres} user, which
 * PostgreSQL requires.
 */
final class PrivatePostgres implements TestDatabase {
    private static final String USER = "gateway";
    private static final String DATABASE = "gateway";

    private final Path bin;
    private final Path dir;
    private final Path pgData;
    private final int port;
    private final boolean asPostgresUser;

    private PrivatePostgres(Path bin, Path dir, int port, boolean asPostgresUser) {
        this.bin = bin;
        this.dir = dir;
        this.pgData = dir.resolve("data");
        this.port = port;
        this.asPostgresUser = asPostgresUser;
    }

    /** The newest installed server's {@code bin} directory, if any. */
    static java.util.Optional<Path> serverBinaries() {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return java.util.Optional.empty();
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin"))
                .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                .max(Comparator.comparing(b -> versionOf(b.getParent().getFileName().toString())));
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }

    private static int versionOf(String name) {
        try {
            return Integer.parseInt(name);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** initdb, start, create the gateway's database. */
    static PrivatePostgres start() throws IOException, InterruptedException {
        Path bin = serverBinaries().orElseThrow(() -> new IllegalStateException("no PostgreSQL server binaries"));
        boolean root = "root".equals(System.getProperty("user.name"));
        Path dir = Files.createTempDirectory("gateway-pg-");
        if (root) {
            UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
            Files.setOwner(dir, users.lookupPrincipalByName("postgres"));
        }
        PrivatePostgres pg = new PrivatePostgres(bin, dir, GatewayProcess.freePort(), root);
        pg.run("initdb", "-D", pg.pgData.toString(), "-U", USER, "--auth=trust", "-E", "UTF8", "--no-sync");
        pg.startServer();
        try (Connection c = DriverManager.getConnection(pg.url("postgres"), USER, "");
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + DATABASE);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL: creating the database: " + e.getMessage(), e);
        }
        return pg;
    }

    private String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** Starts the server and waits until it accepts connections. */
    void startServer() throws IOException, InterruptedException {
        run("pg_ctl", "-D", pgData.toString(), "-l", dir.resolve("server.log").toString(), "-w", "-t", "60",
            "-o", "-p " + port + " -c listen_addresses=127.0.0.1 -k " + dir, "start");
    }

    /** Stops the server as an operator's restart does ({@code -m fast}: open sessions are ended). */
    void stopServer() throws IOException, InterruptedException {
        run("pg_ctl", "-D", pgData.toString(), "-m", "fast", "-w", "-t", "60", "stop");
    }

    private void run(String program, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        if (asPostgresUser) {
            command.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        command.add(bin.resolve(program).toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(90, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
        }
    }

    @Override
    public Map<String, String> environment() {
        return Map.of("GATEWAY_DB_URL", url(DATABASE), "GATEWAY_DB_USER", USER, "GATEWAY_DB_PASSWORD", "trust-on-loopback");
    }

    @Override
    public String name() {
        return "private postgres on port " + port;
    }

    @Override
    public void close() {
        try {
            run("pg_ctl", "-D", pgData.toString(), "-m", "immediate", "-w", "stop");
        } catch (IOException | InterruptedException | IllegalStateException e) {
            System.err.println("PrivatePostgres: stop: " + e.getMessage());
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            System.err.println("PrivatePostgres: cleanup: " + e.getMessage());
        }
    }
}
