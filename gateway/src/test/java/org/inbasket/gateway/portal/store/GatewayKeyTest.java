package org.inbasket.gateway.portal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayKeyTest {
    @TempDir
    Path dir;

    @Test
    void loadOrCreateShouldCreateAnOwnerOnlyKeyFileOnceAndReuseIt() throws Exception {
        Path file = dir.resolve("keys/portal.key");

        GatewayKey created = GatewayKey.loadOrCreate(file);
        GatewayKey loaded = GatewayKey.loadOrCreate(file);

        assertThat(loaded.id()).isEqualTo(created.id());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        byte[] sealed = created.seal("x".getBytes(StandardCharsets.UTF_8), "ctx");
        assertThat(loaded.open(sealed, "ctx")).isEqualTo("x".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void loadOrCreateShouldNameTheFileWhenItIsMalformed() throws Exception {
        Path file = dir.resolve("bad.key");
        Files.writeString(file, "not base64 at all!");

        assertThatThrownBy(() -> GatewayKey.loadOrCreate(file))
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("bad.key");
    }

    @Test
    void openShouldFailWhenTheContextDiffers() {
        GatewayKey key = GatewayKey.random();
        byte[] sealed = key.seal("secret".getBytes(StandardCharsets.UTF_8), "msg:1:body");

        assertThatThrownBy(() -> key.open(sealed, "msg:2:body")).isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void openShouldFailWithAnotherKey() {
        byte[] sealed = GatewayKey.random().seal("secret".getBytes(StandardCharsets.UTF_8), "c");

        assertThatThrownBy(() -> GatewayKey.random().open(sealed, "c")).isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void sealShouldUseAFreshIvEachTime() {
        GatewayKey key = GatewayKey.random();
        byte[] plain = "same".getBytes(StandardCharsets.UTF_8);

        assertThat(key.seal(plain, "c")).isNotEqualTo(key.seal(plain, "c"));
    }
}
