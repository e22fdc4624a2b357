package org.inbasket.mailets.triage;

import java.io.File;
import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.InputStream;
import java.nio.file.Path;

import org.apache.james.filesystem.api.FileSystem;

/** A James {@link FileSystem} rooted at a test directory: {@code file://conf/x} is {@code <base>/conf/x}. */
public final class TestFileSystem implements FileSystem {
    private final Path base;

    public TestFileSystem(Path base) {
        this.base = base;
    }

    @Override
    public InputStream getResource(String url) throws FileNotFoundException {
        return new FileInputStream(getFile(url));
    }

    @Override
    public File getFile(String fileURL) throws FileNotFoundException {
        if (fileURL.startsWith(FILE_PROTOCOL_ABSOLUTE)) {
            return new File(fileURL.substring(FILE_PROTOCOL_ABSOLUTE.length() - 1));
        }
        if (fileURL.startsWith(FILE_PROTOCOL)) {
            return base.resolve(fileURL.substring(FILE_PROTOCOL.length())).toFile();
        }
        throw new FileNotFoundException("unsupported URL in tests: " + fileURL);
    }

    @Override
    public File getBasedir() {
        return base.toFile();
    }
}
