package org.inbasket.gateway.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import org.inbasket.gateway.backup.BackupException;
import org.inbasket.gateway.backup.GatewayBackup;
import org.inbasket.gateway.config.ConfigException;
import org.inbasket.gateway.config.GatewaySettings;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gateway [--conf DIR] [--data DIR] backup --out FILE} and {@code ... restore --from FILE [--force]}:
 * offline backup and restore of the gateway's data directory, configuration and PostgreSQL database
 * ({@link GatewayBackup}, ADR 0057). They read the gateway's settings like the gateway does.
 *
 * <p>Exit codes: 0 done; 1 refused or failed (a running gateway, a non-empty target, pg_dump failing; the
 * reason is printed); 2 a configuration error.</p>
 */
public final class BackupCommands {
    private BackupCommands() {
    }

    abstract static class Base implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--pg-bin", paramLabel = "DIR",
            description = "Folder of pg_dump and pg_restore (default: on the PATH); PostgreSQL only.")
        Path pgBin;

        private final AdminCommand.GatewayLocation location;

        Base(AdminCommand.GatewayLocation location) {
            this.location = location;
        }

        @Override
        public Integer call() {
            GatewaySettings settings;
            try {
                Map<String, String> overrides = new HashMap<>();
                if (location.dataDir() != null) {
                    overrides.put("data.dir", location.dataDir().toString());
                }
                settings = GatewaySettings.load(location.confDir(), location.environment(), overrides);
            } catch (ConfigException e) {
                spec.commandLine().getErr().println("gateway: configuration error: " + e.getMessage());
                return 2;
            }
            GatewayBackup backup = new GatewayBackup(settings, pgBin, line -> spec.commandLine().getOut().println(line));
            try {
                run(backup);
                spec.commandLine().getOut().flush();
                return 0;
            } catch (BackupException | IOException e) {
                spec.commandLine().getErr().println(spec.name() + ": " + e.getMessage());
                return 1;
            }
        }

        abstract void run(GatewayBackup backup) throws IOException;
    }

    @Command(name = "backup", mixinStandardHelpOptions = true,
        description = {"Backs up the stopped gateway into one zip file: the data directory (database, queue, "
            + "search index, S/MIME keys and CA, TLS keystore, admin token), the configuration folder and, on "
            + "PostgreSQL, a pg_dump of the database.",
            "Refuses while a gateway runs with this data directory. The file holds every private key: keep it secret."})
    public static final class Backup extends Base {
        @Option(names = "--out", required = true, paramLabel = "FILE", description = "The backup file to write (must not exist).")
        Path out;

        public Backup(AdminCommand.GatewayLocation location) {
            super(location);
        }

        @Override
        void run(GatewayBackup backup) throws IOException {
            backup.backup(out);
        }
    }

    @Command(name = "restore", mixinStandardHelpOptions = true,
        description = {"Restores a backup into the data directory (and on PostgreSQL into the database of db.url), "
            + "with the gateway stopped. The data directory must be empty or absent and the database without tables, "
            + "unless --force is given.",
            "The backup's conf/ folder is not written: extract it yourself if you need it (unzip FILE 'conf/*')."})
    public static final class Restore extends Base {
        @Option(names = "--from", required = true, paramLabel = "FILE", description = "The backup file.")
        Path from;

        @Option(names = "--force", description = "Delete what is in the data directory and the database first.")
        boolean force;

        public Restore(AdminCommand.GatewayLocation location) {
            super(location);
        }

        @Override
        void run(GatewayBackup backup) throws IOException {
            backup.restore(from, force);
        }
    }
}
