package org.inbasket.gateway.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.inbasket.gateway.config.DatabaseSettings;
import org.inbasket.gateway.config.GatewaySettings;

/**
 * Offline backup and restore of a gateway: one zip file with the data directory, the configuration folder and,
 * on PostgreSQL, a {@code pg_dump} of the database (ADR 0057).
 *
 * <p>Offline: both refuse while a gateway holds the data directory's {@link DataLock}, because the embedded
 * Derby database, the KahaDB queue journal and the Lucene index are only consistent as files when nothing
 * writes them; a stopped gateway makes one point in time for all of them and the PostgreSQL dump.</p>
 *
 * <p>What is in it: {@code data/} is the data directory without {@code logs/} and {@code runtime/} (the
 * rendered configuration, made again at start) and without the lock file: the database ({@code db/}), the
 * queue and search index ({@code var/}), S/MIME keys and the CA ({@code var/smime}), the portal key
 * ({@code keys/}), the TLS keystore ({@code tls/}) and the admin token. {@code conf/} is the configuration
 * folder, for reference (restore does not write it). Symbolic links are not followed.</p>
 *
 * <p>Restore writes into an empty (or absent) data directory, and on PostgreSQL into a database without
 * tables; {@code force} empties both first. Files are restored owner-only.</p>
 *
 * <p>SECURITY: the archive holds every private key and the admin token in the clear (the key stores'
 * passwords are beside them): it is as secret as the data directory. It is written owner-only; keep it
 * encrypted at rest wherever it is stored.</p>
 */
public final class GatewayBackup {
    static final String MANIFEST = "inbasket-backup.properties";
    static final String DATA = "data/";
    static final String CONF = "conf/";
    static final String DUMP = "database/postgresql.dump";
    private static final Set<String> NOT_BACKED_UP = Set.of("logs", "runtime", DataLock.FILE_NAME);

    private final GatewaySettings settings;
    private final Path pgBin;
    private final Consumer<String> progress;

    /**
     * @param pgBin    where pg_dump and pg_restore are (null: on the PATH); used on PostgreSQL only
     * @param progress receives one line per step
     */
    public GatewayBackup(GatewaySettings settings, Path pgBin, Consumer<String> progress) {
        this.settings = settings;
        this.pgBin = pgBin;
        this.progress = progress;
    }

    private DatabaseSettings database() {
        return DatabaseSettings.from(settings);
    }

    private DataLock lock() throws IOException {
        return DataLock.tryAcquire(settings.dataDir()).orElseThrow(() -> new BackupException("a gateway is running "
            + "with the data directory " + settings.dataDir() + ": stop it first (backup and restore are offline)"));
    }

    /** Writes the backup to {@code archive} (which must not exist); @return the number of files */
    public int backup(Path archive) throws IOException {
        if (Files.exists(archive)) {
            throw new BackupException(archive + " exists already");
        }
        Path dataDir = settings.dataDir();
        if (!Files.isDirectory(dataDir.resolve("db")) && database().isEmbeddedDerby()) {
            throw new BackupException(dataDir + " holds no gateway data (no db/)");
        }
        try (DataLock ignored = lock()) {
            Path partial = archive.resolveSibling(archive.getFileName() + ".partial");
            int files;
            try (OutputStream out = ownerOnly(partial); ZipOutputStream zip = new ZipOutputStream(out)) {
                Properties manifest = new Properties();
                manifest.setProperty("format", "1");
                manifest.setProperty("created", Instant.now().toString());
                manifest.setProperty("database", database().isEmbeddedDerby() ? "derby" : "postgresql");
                zip.putNextEntry(new ZipEntry(MANIFEST));
                manifest.store(zip, "Inbasket Gateway backup");
                zip.closeEntry();
                files = addTree(zip, dataDir, DATA, true);
                progress.accept("backup: data directory " + dataDir + ": " + files + " files");
                int conf = addTree(zip, settings.confDir(), CONF, false);
                progress.accept("backup: configuration " + settings.confDir() + ": " + conf + " files");
                if (!database().isEmbeddedDerby()) {
                    PostgresTools pg = new PostgresTools(database(), pgBin);
                    Path dump = Files.createTempFile(dataDir, "backup-", ".dump");
                    try {
                        pg.dump(dump);
                        zip.putNextEntry(new ZipEntry(DUMP));
                        Files.copy(dump, zip);
                        zip.closeEntry();
                    } finally {
                        Files.deleteIfExists(dump);
                    }
                    progress.accept("backup: PostgreSQL database " + pg.database() + " dumped with pg_dump");
                }
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(partial);
                throw e;
            }
            Files.move(partial, archive, StandardCopyOption.ATOMIC_MOVE);
            progress.accept("backup: written to " + archive);
            return files;
        }
    }

    private static OutputStream ownerOnly(Path file) throws IOException {
        OutputStream out = Files.newOutputStream(file);
        setOwnerOnly(file, false);
        return out;
    }

    private static void setOwnerOnly(Path path, boolean directory) throws IOException {
        if (Files.getFileAttributeView(path, java.nio.file.attribute.PosixFileAttributeView.class) != null) {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(directory ? "rwx------" : "rw-------"));
        }
    }

    private static int addTree(ZipOutputStream zip, Path root, String prefix, boolean skipVolatile) throws IOException {
        int[] count = {0};
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (skipVolatile && dir.getParent() != null && dir.getParent().equals(root)
                    && NOT_BACKED_UP.contains(dir.getFileName().toString())) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                if (!dir.equals(root)) {
                    zip.putNextEntry(new ZipEntry(prefix + name(root, dir) + "/"));
                    zip.closeEntry();
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (!attrs.isRegularFile()
                    || (skipVolatile && file.getParent().equals(root) && NOT_BACKED_UP.contains(file.getFileName().toString()))) {
                    return FileVisitResult.CONTINUE;
                }
                zip.putNextEntry(new ZipEntry(prefix + name(root, file)));
                Files.copy(file, zip);
                zip.closeEntry();
                count[0]++;
                return FileVisitResult.CONTINUE;
            }
        });
        return count[0];
    }

    private static String name(Path root, Path path) {
        return root.relativize(path).toString().replace('\\', '/');
    }

    /** Restores {@code archive} into the data directory (and the PostgreSQL database); @return the number of files */
    public int restore(Path archive, boolean force) throws IOException {
        if (!Files.isRegularFile(archive)) {
            throw new BackupException(archive + ": no such file");
        }
        Path dataDir = settings.dataDir();
        try (DataLock ignored = lock()) {
            Properties manifest = manifest(archive);
            String kind = database().isEmbeddedDerby() ? "derby" : "postgresql";
            if (!kind.equals(manifest.getProperty("database"))) {
                throw new BackupException(archive + " is a backup of a gateway on " + manifest.getProperty("database")
                    + ", but this gateway's settings use " + kind + " (db.url)");
            }
            checkEntries(archive, dataDir);
            List<Path> existing = contents(dataDir);
            if (!existing.isEmpty() && !force) {
                throw new BackupException("the data directory " + dataDir + " is not empty (" + existing.size()
                    + " entries): restore into an empty one, or give --force to replace what is there");
            }
            PostgresTools pg = kind.equals("postgresql") ? new PostgresTools(database(), pgBin) : null;
            if (pg != null && hasTables() && !force) {
                throw new BackupException("the database " + pg.database() + " has tables: restore into an empty "
                    + "database, or give --force to replace them");
            }
            for (Path entry : existing) {
                deleteTree(entry);
            }
            setOwnerOnly(dataDir, true);
            Path dump = null;
            int files = 0;
            try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(archive))) {
                for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                    String name = entry.getName();
                    if (name.equals(DUMP) && pg != null) {
                        dump = Files.createTempFile(dataDir, "restore-", ".dump");
                        Files.copy(zip, dump, StandardCopyOption.REPLACE_EXISTING);
                    } else if (name.startsWith(DATA) && name.length() > DATA.length()) {
                        Path target = target(archive, dataDir, name);
                        if (entry.isDirectory()) {
                            Files.createDirectories(target);
                            setOwnerOnly(target, true);
                        } else {
                            Files.createDirectories(target.getParent());
                            Files.copy(zip, target, StandardCopyOption.REPLACE_EXISTING);
                            setOwnerOnly(target, false);
                            files++;
                        }
                    }
                }
            }
            progress.accept("restore: " + files + " files into " + dataDir);
            if (pg != null) {
                if (dump == null) {
                    throw new BackupException(archive + " has no database dump (" + DUMP + ")");
                }
                try {
                    pg.restore(dump);
                } finally {
                    Files.deleteIfExists(dump);
                }
                progress.accept("restore: PostgreSQL database " + pg.database() + " restored with pg_restore");
            }
            return files;
        }
    }

    private static Properties manifest(Path archive) throws IOException {
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(archive))) {
            ZipEntry first = zip.getNextEntry();
            if (first == null || !first.getName().equals(MANIFEST)) {
                throw new BackupException(archive + " is not a gateway backup (no " + MANIFEST + ")");
            }
            Properties manifest = new Properties();
            manifest.load(zip);
            if (!"1".equals(manifest.getProperty("format"))) {
                throw new BackupException(archive + ": unknown backup format " + manifest.getProperty("format"));
            }
            return manifest;
        }
    }

    private static Path target(Path archive, Path dataDir, String name) {
        Path target = dataDir.resolve(name.substring(DATA.length())).normalize();
        if (!target.startsWith(dataDir) || target.equals(dataDir)) {
            throw new BackupException(archive + ": entry " + name + " points outside the data directory");
        }
        return target;
    }

    /** Every data entry must stay inside the data directory: checked before anything is deleted or written. */
    private static void checkEntries(Path archive, Path dataDir) throws IOException {
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(archive))) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                if (entry.getName().startsWith(DATA) && entry.getName().length() > DATA.length()) {
                    target(archive, dataDir, entry.getName());
                }
            }
        }
    }

    /** The data directory's entries, the lock file aside. */
    private static List<Path> contents(Path dataDir) throws IOException {
        if (!Files.isDirectory(dataDir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dataDir)) {
            return new ArrayList<>(entries.filter(p -> !p.getFileName().toString().equals(DataLock.FILE_NAME)).toList());
        }
    }

    private static void deleteTree(Path path) throws IOException {
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> children = Files.list(path)) {
                for (Path child : children.toList()) {
                    deleteTree(child);
                }
            }
        }
        Files.delete(path);
    }

    private boolean hasTables() {
        DatabaseSettings db = database();
        try (Connection connection = DriverManager.getConnection(db.url(), db.user(), db.password());
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT count(*) FROM information_schema.tables "
                 + "WHERE table_schema NOT IN ('pg_catalog', 'information_schema')")) {
            result.next();
            return result.getLong(1) > 0;
        } catch (SQLException e) {
            throw new BackupException("cannot connect to the database " + db.describe() + ": " + e.getMessage(), e);
        }
    }

    /** For tests: the backup's entry names. */
    static List<String> entries(Path archive) throws IOException {
        List<String> names = new ArrayList<>();
        try (InputStream in = Files.newInputStream(archive); ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                names.add(entry.getName());
            }
        }
        return names;
    }
}
