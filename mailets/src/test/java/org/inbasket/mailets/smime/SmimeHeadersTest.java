package org.inbasket.mailets.smime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class SmimeHeadersTest {
    @Test
    void formatShouldQuoteValuesThatAreNotTokensAndEscapeQuotes() {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("signer", "a@b.example");
        parameters.put("alg", "rsa-sha256");
        parameters.put("reason", "say \"hi\" \\ now");

        assertThat(SmimeHeaders.format("valid", parameters))
            .isEqualTo("valid; signer=\"a@b.example\"; alg=rsa-sha256; reason=\"say \\\"hi\\\" \\\\ now\"");
    }

    @Test
    void formatShouldReplaceControlAndNonAsciiCharacters() {
        assertThat(SmimeHeaders.quoteIfNeeded("caf\u00e9\r\nX-Injected: 1")).isEqualTo("\"caf???X-Injected: 1\"");
    }
}
