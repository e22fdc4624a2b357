package org.inbasket.gateway.backup;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.inbasket.gateway.config.DatabaseSettings;

/**
 * {@code pg_dump} and {@code pg_restore} (PostgreSQL's client programs, which must be installed and at least
 * the server's version) for the gateway's database: custom format, no owners or privileges, so the dump
 * restores into a database owned by another user.
 *
 * <p>The connection comes from {@code db.url} ({@code jdbc:postgresql://host[:port]/database}; JDBC query
 * parameters are not passed on), {@code db.user}; the password goes in {@code PGPASSWORD}, never on the
 * command line.</p>
 */
final class PostgresTools {
    private final String host;
    private final int port;
    private final String database;
    private final DatabaseSettings settings;
    private final Path binDir;

    /** @param binDir where pg_dump and pg_restore are; null: the PATH */
    PostgresTools(DatabaseSettings settings, Path binDir) {
        URI uri = URI.create(settings.url().substring("jdbc:".length()));
        if (uri.getHost() == null || uri.getPath() == null || uri.getPath().length() < 2) {
            throw new BackupException("db.url: " + settings.url() + " does not name host and database "
                + "(jdbc:postgresql://host:port/database)");
        }
        this.host = uri.getHost();
        this.port = uri.getPort() < 0 ? 5432 : uri.getPort();
        this.database = uri.getPath().substring(1);
        this.settings = settings;
        this.binDir = binDir;
    }

    String database() {
        return database;
    }

    void dump(Path file) {
        run("pg_dump", List.of("--format=custom", "--no-owner", "--no-privileges", "--file=" + file, "--dbname=" + database));
    }

    void restore(Path file) {
        run("pg_restore", List.of("--no-owner", "--no-privileges", "--clean", "--if-exists", "--single-transaction",
            "--exit-on-error", "--dbname=" + database, file.toString()));
    }

    private void run(String program, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(binDir == null ? program : binDir.resolve(program).toString());
        command.addAll(List.of("--host=" + host, "--port=" + port, "--no-password"));
        if (!settings.user().isEmpty()) {
            command.add("--username=" + settings.user());
        }
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("PGPASSWORD", settings.password());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new BackupException(program + " cannot be run (" + e.getMessage() + "): install PostgreSQL's client "
                + "programs or give their folder with --pg-bin");
        }
        try {
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(6, TimeUnit.HOURS) || process.exitValue() != 0) {
                throw new BackupException(program + " failed" + (output.isEmpty() ? "" : ": " + output));
            }
        } catch (IOException e) {
            throw new BackupException(program + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroy();
            throw new BackupException(program + " interrupted");
        }
    }
}
