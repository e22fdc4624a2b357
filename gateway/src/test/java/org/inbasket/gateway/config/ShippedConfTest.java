package org.inbasket.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped conf/ loads and renders, and docs/conf/ documents exactly what the code reads. */
class ShippedConfTest {
    private static final Path CONF = Path.of("..", "conf");
    private static final Path DOCS = Path.of("..", "docs", "conf");

    @TempDir
    Path out;

    @Test
    void shippedGatewayPropertiesShouldLoadWithTheDocumentedDefaults() {
        GatewaySettings shipped = GatewaySettings.load(CONF, Map.of(), Map.of());
        assertThat(shipped.asMap()).isEqualTo(GatewaySettings.defaults());
    }

    @Test
    void everyShippedFileShouldRenderWithoutUnknownPlaceholders() throws Exception {
        GatewaySettings shipped = GatewaySettings.load(CONF, Map.of(), Map.of());
        Map<String, String> values = new HashMap<>(shipped.asMap());
        values.put("conf.dir", CONF.toAbsolutePath().toString());
        values.put("tls.keystore", "/tmp/keystore.p12");
        List<Path> rendered = new ConfRenderer(values).renderDirectory(CONF, out);
        assertThat(rendered).extracting(p -> p.getFileName().toString())
            .contains("smtpserver.xml", "imapserver.xml", "mailetcontainer.xml", "webadmin.properties");
        for (Path p : rendered) {
            String text = Files.readString(p);
            assertThat(java.util.regex.Pattern.compile("\\$\\{[a-z]").matcher(text).find())
                .as("placeholder left in " + p).isFalse();
            assertThat(java.util.regex.Pattern.compile("<[A-Za-z][^>]*inbasket-if=").matcher(text).find())
                .as("conditional attribute left in " + p).isFalse();
        }
    }

    @Test
    void everyKeyShouldBeDocumentedWithItsDefault() throws Exception {
        String doc = Files.readString(DOCS.resolve("gateway.properties.md"));
        GatewaySettings.defaults().forEach((key, value) -> {
            String shown = value.isEmpty() ? "(empty)" : value.replace("*", "\\*");
            assertThat(doc).as("row for " + key).contains("| " + key + " | " + shown + " |");
        });
        long rows = doc.lines().filter(l -> l.matches("\\| [a-z][a-z0-9.]* \\| .*") && !l.startsWith("| key |")).count();
        assertThat(rows).as("documented keys").isEqualTo(GatewaySettings.defaults().size());
    }

    @Test
    void everyShippedFileShouldHaveItsOwnDocPage() throws Exception {
        try (var files = Files.list(CONF)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(DOCS.resolve(f.getFileName() + ".md")).as("doc page for " + f.getFileName()).exists();
            }
        }
    }

    /**
     * James's own domain read cache stays off: it keeps a "no" for its whole expiry after the domain is added (a
     * {@code --demo} first start failed with it). The gateway's {@code CachingDomainList} caches instead.
     */
    @Test
    void shippedDomainListShouldLeaveJamesReadCacheOff() throws Exception {
        try (java.io.InputStream in = Files.newInputStream(Path.of("../conf/domainlist.xml"))) {
            org.apache.james.domainlist.lib.DomainListConfiguration configuration = org.apache.james.domainlist.lib.DomainListConfiguration
                .from(org.apache.james.server.core.configuration.FileConfigurationProvider.getConfig(in));

            assertThat(configuration.isCacheEnabled()).isFalse();
            assertThat(configuration.isAutoDetect()).isFalse();
        }
    }
}
