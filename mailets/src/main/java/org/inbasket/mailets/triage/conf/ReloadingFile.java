package org.inbasket.mailets.triage.conf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A configuration object loaded from one file and reloaded when the file changes (last-modified time or
 * size), checked at most once per {@code checkInterval}. No restart, no watcher thread.
 *
 * <p>Failure behaviour: the first load must succeed (the constructor throws). A later change that does not
 * parse, or a file that disappears, keeps the last good version in use and logs one ERROR per change,
 * naming the file and line (never content). Thread-safe; readers never block on a reload in progress
 * except the one thread that performs it.</p>
 *
 * @param <T> the parsed, immutable configuration
 */
public final class ReloadingFile<T> {
    /** Parses a file into its configuration object. */
    @FunctionalInterface
    public interface Loader<T> {
        T load(Path path) throws ConfException;
    }

    private static final Logger LOGGER = LoggerFactory.getLogger(ReloadingFile.class);

    private record Stamp(Instant modified, long size) {
    }

    private final Path path;
    private final Loader<T> loader;
    private final Clock clock;
    private final Duration checkInterval;
    private volatile T current;
    private volatile Stamp stamp;
    private volatile Stamp failedStamp;
    private volatile Instant nextCheck;

    public ReloadingFile(Path path, Loader<T> loader, Clock clock, Duration checkInterval) throws ConfException {
        this.path = Objects.requireNonNull(path);
        this.loader = Objects.requireNonNull(loader);
        this.clock = Objects.requireNonNull(clock);
        this.checkInterval = Objects.requireNonNull(checkInterval);
        Stamp initial = stampOf(path);
        if (initial == null) {
            throw new ConfException(path + ": file not found");
        }
        this.current = loader.load(path);
        this.stamp = initial;
        this.nextCheck = clock.instant().plus(checkInterval);
    }

    public Path path() {
        return path;
    }

    /** The current configuration, reloading first if the check interval has passed and the file changed. */
    public T get() {
        Instant now = clock.instant();
        if (!now.isBefore(nextCheck)) {
            synchronized (this) {
                if (!now.isBefore(nextCheck)) {
                    nextCheck = now.plus(checkInterval);
                    reloadIfChanged();
                }
            }
        }
        return current;
    }

    private void reloadIfChanged() {
        Stamp seen = stampOf(path);
        if (seen == null) {
            if (!Objects.equals(failedStamp, new Stamp(Instant.EPOCH, -1))) {
                failedStamp = new Stamp(Instant.EPOCH, -1);
                LOGGER.error("{} disappeared; keeping the last good version", path);
            }
            return;
        }
        if (seen.equals(stamp) || seen.equals(failedStamp)) {
            return;
        }
        try {
            T loaded = loader.load(path);
            current = loaded;
            stamp = seen;
            failedStamp = null;
            LOGGER.info("Reloaded {}", path);
        } catch (ConfException | RuntimeException e) {
            failedStamp = seen;
            LOGGER.error("Not reloading {}: {}; keeping the last good version", path, e.getMessage());
        }
    }

    private static Stamp stampOf(Path path) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            return new Stamp(attributes.lastModifiedTime().toInstant(), attributes.size());
        } catch (IOException e) {
            return null;
        }
    }
}
