package org.inbasket.mailets.smime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.parsers.DocumentBuilderFactory;

import org.apache.mailet.Mailet;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.inbasket.mailets.smime.directory.InMemoryCertificateDirectory;
import org.inbasket.mailets.smime.directory.InMemoryPrivateKeyDirectory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** The {@code <mailet>} examples in docs/mailets/smime.md start as written, so the page cannot drift from the code. */
class SmimeDocumentationTest {
    private static final Path PAGE = Path.of("..", "docs", "mailets", "smime.md");
    private static final String PACKAGE = "org.inbasket.mailets.smime.";

    @Test
    void everyExampleOfThePageShouldStartWithItsParameters() throws Exception {
        String page = Files.readString(PAGE, StandardCharsets.UTF_8);
        Matcher blocks = Pattern.compile("```xml\\n(.*?)```", Pattern.DOTALL).matcher(page);
        List<String> started = new ArrayList<>();
        while (blocks.find()) {
            Element mailet = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(blocks.group(1).getBytes(StandardCharsets.UTF_8))).getDocumentElement();
            String match = mailet.getAttribute("match");
            if (match.startsWith(PACKAGE)) {
                matcher(match.substring(PACKAGE.length())).init(FakeMatcherConfig.builder().matcherName(match).build());
                started.add(match.substring(PACKAGE.length()));
            }
            String className = mailet.getAttribute("class");
            if (className.startsWith(PACKAGE)) {
                FakeMailetConfig.Builder config = FakeMailetConfig.builder().mailetName(className);
                for (Node child = mailet.getFirstChild(); child != null; child = child.getNextSibling()) {
                    if (child instanceof Element parameter) {
                        config.setProperty(parameter.getTagName(), parameter.getTextContent());
                    }
                }
                mailet(className.substring(PACKAGE.length())).init(config.build());
                started.add(className.substring(PACKAGE.length()));
            }
        }

        assertThat(started).contains("SmimeEncrypt", "SmimeSign", "SmimeDecrypt", "SmimeVerify", "HasRecipientCertificate",
            "IsSmimeEncrypted", "IsSmimeSigned");
    }

    private static Mailet mailet(String name) {
        switch (name) {
            case "SmimeEncrypt":
                return new SmimeEncrypt(new InMemoryCertificateDirectory(), Clock.systemUTC());
            case "SmimeSign":
                return new SmimeSign(new InMemoryPrivateKeyDirectory(), Clock.systemUTC());
            case "SmimeDecrypt":
                return new SmimeDecrypt(new InMemoryPrivateKeyDirectory());
            case "SmimeVerify":
                return new SmimeVerify(new InMemoryCertificateDirectory(), SmimeTrustStore.of(List.of(), List.of()), Clock.systemUTC());
            default:
                throw new IllegalArgumentException("the page documents an unknown mailet " + name);
        }
    }

    private static org.apache.mailet.Matcher matcher(String name) {
        switch (name) {
            case "HasRecipientCertificate":
                return new HasRecipientCertificate(new InMemoryCertificateDirectory(), Clock.systemUTC());
            case "IsSmimeEncrypted":
                return new IsSmimeEncrypted();
            case "IsSmimeSigned":
                return new IsSmimeSigned();
            default:
                throw new IllegalArgumentException("the page documents an unknown matcher " + name);
        }
    }
}
