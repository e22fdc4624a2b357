package org.inbasket.gateway.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.mail.internet.MimeMessage;

/** Steps of the portal's flows, shared by the HTTP tests. */
public final class PortalPages {
    private static final Pattern CODE = Pattern.compile("\\b(\\d{8})\\b");

    private PortalPages() {
    }

    public static String codeIn(MimeMessage message) throws Exception {
        Matcher m = CODE.matcher(message.getContent().toString());
        assertThat(m.find()).as("code in the email").isTrue();
        return m.group(1);
    }

    /** Where the one-time code the portal just sent can be read (a recording submitter, a mailbox). */
    @FunctionalInterface
    public interface CodeMail {
        MimeMessage latest() throws Exception;
    }

    /** Link landing, open, code, password: ends logged in; returns the redirect after login. */
    public static String firstPickup(PortalFixture fixture, WebClient client, String token, String password)
        throws Exception {
        return firstPickup(client, token, password, () -> {
            var codes = fixture.submitter.of(RecordingSubmitter.Kind.TO_PATIENT);
            return codes.get(codes.size() - 1).message();
        });
    }

    /** The same, with the code read from wherever {@code codeMail} finds it once the button was pressed. */
    public static String firstPickup(WebClient client, String token, String password, CodeMail codeMail)
        throws Exception {
        assertThat(client.get("/m/" + token).statusCode()).isEqualTo(200);
        HttpResponse<byte[]> open = client.submit("/m/" + token, Map.of());
        assertThat(WebClient.location(open)).isEqualTo("/code");
        String code = codeIn(codeMail.latest());
        client.get("/code");
        HttpResponse<byte[]> checked = client.submit("/code", Map.of("code", code));
        assertThat(WebClient.location(checked)).isEqualTo("/password");
        client.get("/password");
        HttpResponse<byte[]> set = client.submit("/password", Map.of("password", password, "confirm", password));
        assertThat(set.statusCode()).isEqualTo(303);
        String target = WebClient.location(set);
        assertThat(client.get(target.replaceFirst("#.*", "")).statusCode()).isEqualTo(200);
        return target;
    }

    public static void login(WebClient client, String address, String password, int expectedStatus) throws Exception {
        client.get("/login");
        HttpResponse<byte[]> response = client.submit("/login", Map.of("email", address, "password", password));
        assertThat(response.statusCode()).isEqualTo(expectedStatus);
    }
}
