package org.inbasket.mailets.triage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Paths of the shipped configuration, as seen from the mailets module during tests. */
public final class TriageTestFiles {
    private TriageTestFiles() {
    }

    /** The repository's {@code conf/triage} directory (the files the gateway ships). */
    public static Path shippedConf() {
        Path fromModule = Paths.get("..", "conf", "triage");
        if (Files.isDirectory(fromModule)) {
            return fromModule.toAbsolutePath().normalize();
        }
        return Paths.get("conf", "triage").toAbsolutePath().normalize();
    }

    public static Path shipped(String name) {
        return shippedConf().resolve(name);
    }
}
