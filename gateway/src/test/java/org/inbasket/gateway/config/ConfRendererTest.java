package org.inbasket.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfRendererTest {
    @TempDir
    Path src;
    @TempDir
    Path out;

    @Test
    void placeholdersShouldBeReplacedAndXmlEscaped() throws Exception {
        Files.writeString(src.resolve("smtpserver.xml"), "<a><bind>${bind}</bind><secret>${pw}</secret></a>");
        Files.writeString(src.resolve("webadmin.properties"), "port=${port}\n");
        new ConfRenderer(Map.of("bind", "127.0.0.1:25", "pw", "a<b&c", "port", "8000")).renderDirectory(src, out);
        assertThat(Files.readString(out.resolve("smtpserver.xml")))
            .contains("<bind>127.0.0.1:25</bind>").contains("<secret>a&lt;b&amp;c</secret>");
        assertThat(Files.readString(out.resolve("webadmin.properties"))).isEqualTo("port=8000\n");
    }

    @Test
    void gatewayPropertiesAndLogbackShouldNotBeRendered() throws Exception {
        Files.writeString(src.resolve("gateway.properties"), "x = ${nope}\n");
        Files.writeString(src.resolve("logback.xml"), "<c>${gateway.data.dir}</c>");
        new ConfRenderer(Map.of()).renderDirectory(src, out);
        assertThat(out.resolve("gateway.properties")).doesNotExist();
        assertThat(out.resolve("logback.xml")).doesNotExist();
    }

    @Test
    void unknownPlaceholderShouldNameFileAndLine() throws Exception {
        Files.writeString(src.resolve("imapserver.xml"), "<a>\n<b>${imap.prot}</b>\n</a>");
        assertThatThrownBy(() -> new ConfRenderer(Map.of()).renderDirectory(src, out))
            .isInstanceOf(ConfigException.class)
            .hasMessageContaining("imapserver.xml:2: unknown placeholder '${imap.prot}'");
    }

    @Test
    void conditionalElementShouldBeDroppedWhenSettingIsEmpty() throws Exception {
        Files.writeString(src.resolve("mailetcontainer.xml"),
            "<m><gateway inbasket-if=\"relay.host\">${relay.host}</gateway><x>1</x></m>");
        new ConfRenderer(Map.of("relay.host", "")).renderDirectory(src, out);
        assertThat(Files.readString(out.resolve("mailetcontainer.xml"))).doesNotContain("gateway").contains("<x>1</x>");
        new ConfRenderer(Map.of("relay.host", "smtp.isp.example")).renderDirectory(src, out);
        assertThat(Files.readString(out.resolve("mailetcontainer.xml")))
            .contains("<gateway>smtp.isp.example</gateway>").doesNotContain("inbasket-if");
    }

    @Test
    void staleRenderedFilesShouldBeRemoved() throws Exception {
        Files.writeString(out.resolve("old.xml"), "<old/>");
        Files.writeString(src.resolve("new.xml"), "<new/>");
        new ConfRenderer(Map.of()).renderDirectory(src, out);
        assertThat(out.resolve("old.xml")).doesNotExist();
        assertThat(out.resolve("new.xml")).exists();
    }
}
