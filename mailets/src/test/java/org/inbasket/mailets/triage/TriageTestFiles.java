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

    /** Copies the shipped conf/triage tree under {@code root/conf/triage} and returns a FileSystem on root. */
    public static TestFileSystem installShippedConf(Path root) throws java.io.IOException {
        Path target = root.resolve("conf").resolve("triage");
        Path source = shippedConf();
        try (java.util.stream.Stream<Path> files = Files.walk(source)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path dest = target.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return new TestFileSystem(root);
    }
}
