package org.inbasket.gateway;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.apache.james.server.core.configuration.Configuration;
import org.inbasket.gateway.admin.AdminToken;
import org.inbasket.gateway.backup.DataLock;
import org.inbasket.gateway.portal.web.MailClientAutoconfig;
import org.inbasket.gateway.services.ClinicalServicesModule;
import org.inbasket.gateway.services.SmimeCaChoice;
import org.inbasket.gateway.services.ClinicalServicesProbe;
import org.inbasket.gateway.cli.AdminCliException;
import org.inbasket.gateway.cli.AdminCommand;
import org.inbasket.gateway.cli.BackupCommands;
import org.inbasket.gateway.config.ConfRenderer;
import org.inbasket.gateway.config.ConfigException;
import org.inbasket.gateway.config.DatabaseSettings;
import org.inbasket.gateway.config.GatewaySettings;
import org.inbasket.gateway.james.DatabaseStartup;
import org.inbasket.gateway.james.GatewayDirectories;
import org.inbasket.gateway.james.GatewayProbe;
import org.inbasket.gateway.james.GatewayServer;
import org.inbasket.gateway.logging.LogSettings;
import org.inbasket.gateway.tls.TlsKeystore;
import org.inbasket.mailets.smime.CryptoProvider;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code java -jar gateway.jar [--conf DIR] [--data DIR] [--demo]}: starts the gateway;
 * {@code java -jar gateway.jar admin ...} is the admin API's command-line client ({@link AdminCommand}) instead.
 *
 * <p>Order matters: settings are read and checked, the data directory and TLS keystore prepared and the
 * James configuration rendered before any logging starts, so that logging can be configured to write under
 * the data directory, and so that every configuration error is reported as one line with a non-zero exit
 * code (2) instead of a stack trace. A failure while James starts exits with code 1.</p>
 */
@Command(name = "gateway", mixinStandardHelpOptions = true, versionProvider = GatewayMain.Version.class,
    description = {"Inbasket Gateway: secure clinician-patient mail on Apache James.",
        "Without a command it starts the gateway; 'admin' is the command-line client of the admin API;",
        "'backup' and 'restore' save and restore a stopped gateway."})
public final class GatewayMain implements Callable<Integer> {
    public static final int EXIT_CONFIG = 2;
    public static final int EXIT_STARTUP = 1;

    @Option(names = "--conf", paramLabel = "DIR", description = "Configuration directory (default: ./conf).")
    Path conf = Path.of("conf");

    @Option(names = "--data", paramLabel = "DIR",
        description = "Data directory (default: GATEWAY_DATA_DIR, then data.dir in gateway.properties, then ./data).")
    Path data;

    @Option(names = "--demo", description = "Create the demo domain clinic.example and its users (idempotent).")
    boolean demo;

    private final PrintStream out;
    private final Map<String, String> env;
    private volatile GatewayServer server;
    /** The data directory's lock, held for the life of the process (never released while James runs). */
    private static DataLock dataLock;

    public GatewayMain(PrintStream out, Map<String, String> env) {
        this.out = out;
        this.env = env;
    }

    public static void main(String[] args) {
        GatewayMain main = new GatewayMain(System.out, System.getenv());
        int code = main.commandLine().execute(args);
        if (code != 0 || main.server == null) {
            System.exit(code);
        }
        // Running: the JVM stays up on James's non-daemon threads until SIGTERM runs the shutdown hook.
    }

    /**
     * The command line: starting the gateway, or with {@code admin ...} the admin API's client; an
     * {@link AdminCliException} ends an admin command with its message on standard error and its exit code.
     */
    public CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(this);
        AdminCommand.GatewayLocation location = new AdminCommand.GatewayLocation() {
            @Override
            public Path confDir() {
                return conf;
            }

            @Override
            public Path dataDir() {
                return data;
            }

            @Override
            public Map<String, String> environment() {
                return env;
            }
        };
        commandLine.addSubcommand(new AdminCommand(location));
        commandLine.addSubcommand(new BackupCommands.Backup(location));
        commandLine.addSubcommand(new BackupCommands.Restore(location));
        commandLine.setExecutionExceptionHandler((e, command, parsed) -> {
            if (e instanceof AdminCliException failure) {
                command.getErr().println("admin: " + failure.getMessage());
                command.getErr().flush();
                return failure.exitCode();
            }
            throw e;
        });
        return commandLine;
    }

    @Override
    public Integer call() {
        Prepared prepared;
        try {
            prepared = prepare();
        } catch (ConfigException e) {
            System.err.println("gateway: configuration error: " + e.getMessage());
            return EXIT_CONFIG;
        }
        GatewayServer gateway = new GatewayServer(prepared.configuration(), prepared.database(), prepared.adminToken(),
            List.of(prepared.services()));
        try {
            gateway.start();
        } catch (Throwable e) {
            System.err.println("gateway: startup failed: " + StartupFailure.describe(e));
            gateway.stop();
            return e instanceof ConfigException || StartupFailure.isConfigurationProblem(e) ? EXIT_CONFIG : EXIT_STARTUP;
        }
        this.server = gateway;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("gateway: stopping");
            gateway.stop();
            out.println("gateway: stopped");
        }, "gateway-shutdown"));
        GatewayProbe probe = gateway.probe(GatewayProbe.class);
        GatewaySettings settings = prepared.settings();
        Map<Integer, String> names = Map.of(
            settings.portOf("smtp.port"), "smtp (inbound MX)",
            settings.portOf("submission.port"), "smtp submission",
            settings.portOf("imap.port"), "imap",
            settings.portOf("imaps.port"), "imaps");
        for (GatewayProbe.Listener l : probe.listeners(names, settings.get("admin.bind.address"))) {
            out.printf("listening: %-18s %-22s %s%n", l.name(), l.address(), l.tls());
        }
        org.inbasket.gateway.portal.PickupPortal portal = gateway.probe(ClinicalServicesProbe.class).services().portal();
        if (portal.boundPort() > 0) {
            out.printf("listening: %-18s %-22s %s%n", "portal (pickup)",
                portal.configuration().bindAddress() + ":" + portal.boundPort(),
                portal.configuration().tls() ? "HTTPS" : "plain HTTP (behind a TLS proxy)");
        }
        if (demo) {
            try {
                int created = DemoData.seed(probe);
                // The demo domain exists only now: give the configured pools their shared mailboxes in it.
                gateway.probe(ClinicalServicesProbe.class).services().poolMailboxes().synchronize();
                out.printf("demo: domain %s, users %s, care team %s (password '%s'), pool %s (%d account(s) created now)%n",
                    DemoData.DOMAIN, String.join(", ", DemoData.CLINICIANS), DemoData.CARE_TEAM, DemoData.PASSWORD,
                    DemoData.POOL, created);
                out.printf("demo: IMAP STARTTLS port %s, IMAPS port %s, SMTP submission (STARTTLS + AUTH) port %s, "
                        + "inbound SMTP port %s%n", prepared.settings().get("imap.port"),
                    prepared.settings().get("imaps.port"), prepared.settings().get("submission.port"),
                    prepared.settings().get("smtp.port"));
            } catch (Exception e) {
                System.err.println("gateway: demo data could not be created: " + StartupFailure.describe(e));
                gateway.stop();
                return EXIT_STARTUP;
            }
        }
        long readyMs = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        out.println("gateway ready in " + readyMs + " ms");
        out.flush();
        return 0;
    }

    record Prepared(GatewaySettings settings, DatabaseStartup database, Configuration configuration,
                    ClinicalServicesModule services, AdminToken adminToken) {
    }

    /** Everything that can fail because of configuration, before James starts. */
    Prepared prepare() {
        Map<String, String> overrides = new HashMap<>();
        if (data != null) {
            overrides.put("data.dir", data.toString());
        }
        GatewaySettings settings = GatewaySettings.load(conf, env, overrides);
        for (String unknown : GatewaySettings.unknownEnvironmentVariables(env)) {
            System.err.println("gateway: warning: environment variable " + unknown + " is not a gateway setting; ignored");
        }
        Path dataDir = settings.dataDir();
        try {
            Files.createDirectories(dataDir.resolve("logs"));
            Files.createDirectories(dataDir.resolve("db"));
            // Held until the process ends: backup and restore refuse to run under a gateway, and two gateways
            // never share a data directory.
            dataLock = DataLock.tryAcquire(dataDir).orElseThrow(() -> new ConfigException("data.dir: " + dataDir
                + " is in use by another gateway process (" + dataDir.resolve(DataLock.FILE_NAME) + " is locked)"));
        } catch (java.io.IOException e) {
            throw new ConfigException("data.dir: cannot create " + dataDir + ": " + e.getMessage());
        }
        LogSettings.apply(settings);
        configureLoggingAndSystemProperties(settings.confDir(), dataDir);
        out.println("Inbasket Gateway " + Version.VERSION + ": configuration " + settings.confDir() + ", data " + dataDir);
        // Bouncy Castle's provider and the native RSA provider take one to two seconds to load and self-test: load
        // them on another core (after logging is configured: they log) while this thread goes on.
        Thread crypto = new Thread(() -> CryptoProvider.nativeRsa().isPresent(), "crypto-startup");
        crypto.setDaemon(true);
        crypto.start();
        DatabaseSettings database = DatabaseSettings.from(settings);
        out.println("database: " + database.describe() + (database.isEmbeddedDerby() ? " (embedded)" : ""));
        // The database opens on its own thread while this one makes keys and assembles James (ADR 0069).
        DatabaseStartup databaseStartup = DatabaseStartup.begin(database);

        TlsKeystore tls = TlsKeystore.configuredOrGenerated(settings.get("tls.keystore"),
            settings.get("tls.keystore.password"), dataDir, settings.get("hostname"));
        if (tls.generatedNow()) {
            out.println("tls: no tls.keystore configured: generated a self-signed certificate for "
                + settings.get("hostname") + " in " + tls.path() + " (SHA-256 " + tls.sha256Fingerprint() + ")");
            out.println("tls: mail clients will warn about it; set tls.keystore to a certificate from your CA for production");
        } else {
            out.println("tls: using " + tls.path());
        }
        AdminToken adminToken = AdminToken.readOrCreate(dataDir);
        out.println("admin: API token " + (adminToken.createdNow() ? "created in " : "in ") + adminToken.file()
            + " (send it as 'Authorization: Bearer <token>'; the admin command reads it from there)");

        Map<String, String> values = new LinkedHashMap<>(settings.asMap());
        values.put("data.dir", dataDir.toString());
        values.put("conf.dir", settings.confDir().toString());
        values.put("tls.keystore", tls.path().toString());
        values.put("tls.keystore.password", tls.password());
        Path runtimeConf = dataDir.resolve("runtime").resolve("conf");
        new ConfRenderer(values).renderDirectory(settings.confDir(), runtimeConf);
        if (!Files.isRegularFile(runtimeConf.resolve("mailetcontainer.xml"))) {
            throw new ConfigException(settings.confDir().resolve("mailetcontainer.xml") + ": file not found");
        }
        Configuration configuration = new Configuration.Basic(
            new Configuration.ConfigurationPath("file://conf/"), new GatewayDirectories(dataDir, runtimeConf));
        ClinicalServicesModule services = new ClinicalServicesModule(settings.confDir(), runtimeConf, dataDir, tls.path(),
            tls.password(), settings.auditRetention(), new MailClientAutoconfig.MailServers(settings.get("hostname"),
                settings.portOf("imap.port"), settings.portOf("imaps.port"), settings.portOf("submission.port")),
            SmimeCaChoice.from(settings));
        return new Prepared(settings, databaseStartup, configuration, services, adminToken);
    }

    private static void configureLoggingAndSystemProperties(Path confDir, Path dataDir) {
        System.setProperty("gateway.data.dir", dataDir.toString());
        Path logback = confDir.resolve("logback.xml");
        if (Files.isRegularFile(logback) && System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", logback.toAbsolutePath().toString());
        }
        System.setProperty("derby.system.home", dataDir.resolve("db").toString());
        System.setProperty("derby.stream.error.file", dataDir.resolve("logs").resolve("derby.log").toString());
        // Let start() failures reach us so we can print one line, instead of James calling System.exit.
        System.setProperty("james.exit.on.startup.error", "false");
    }

    static final class Version implements CommandLine.IVersionProvider {
        static final String VERSION = java.util.Optional.ofNullable(GatewayMain.class.getPackage().getImplementationVersion())
            .orElse("development");

        @Override
        public String[] getVersion() {
            return new String[] {"Inbasket Gateway " + VERSION + " on Apache James 3.8.1"};
        }
    }
}
