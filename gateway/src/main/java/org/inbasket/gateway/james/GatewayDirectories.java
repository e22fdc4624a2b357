package org.inbasket.gateway.james;

import java.nio.file.Path;

import org.apache.james.filesystem.api.JamesDirectoriesProvider;

/**
 * Where James's {@code file://} URLs point. Everything lives under the data directory:
 * {@code file://conf/} is the rendered runtime configuration ({@code <data>/runtime/conf}) and
 * {@code file://var/} is {@code <data>/var}. Nothing is written to the process's working directory.
 */
public final class GatewayDirectories implements JamesDirectoriesProvider {
    private final Path dataDir;
    private final Path runtimeConfDir;

    public GatewayDirectories(Path dataDir, Path runtimeConfDir) {
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.runtimeConfDir = runtimeConfDir.toAbsolutePath().normalize();
    }

    @Override
    public String getAbsoluteDirectory() {
        return "/";
    }

    @Override
    public String getConfDirectory() {
        return runtimeConfDir + "/";
    }

    @Override
    public String getVarDirectory() {
        return dataDir.resolve("var") + "/";
    }

    @Override
    public String getRootDirectory() {
        return dataDir.toString();
    }
}
