package org.inbasket.gateway.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * TLS handshakes with {@code openssl s_client} at one protocol version, with the security level lowered to 0 so
 * that the client really offers TLS 1.0 or 1.1 (Debian's openssl refuses them by default, which would make a
 * refusal prove nothing). {@link #controlServerAcceptsTls11} shows the client can do it.
 */
final class TlsProbe {
    private static final Pattern PROTOCOL = Pattern.compile("Protocol version: (TLSv[0-9.]+)");

    private TlsProbe() {
    }

    /** A TLS listener: {@code starttls} is openssl's -starttls protocol (smtp, imap) or null for implicit TLS. */
    record Endpoint(String name, int port, String starttls) {
    }

    /** @return the negotiated protocol, or empty when the handshake failed */
    static Optional<String> handshake(Endpoint endpoint, String version) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("openssl", "s_client", "-brief", "-connect", "127.0.0.1:" + endpoint.port(),
            "-" + version, "-cipher", "DEFAULT@SECLEVEL=0"));
        if (endpoint.starttls() != null) {
            command.addAll(List.of("-starttls", endpoint.starttls()));
        }
        return negotiated(run(command, 30));
    }

    /** Starts {@code openssl s_server} allowing TLS 1.1 only and checks that s_client negotiates it. */
    static boolean controlServerAcceptsTls11(Openssl openssl, Path dir) throws Exception {
        Path[] keyAndCert = openssl.selfSigned("tls-control", "control@localhost");
        int port = GatewayProcess.freePort();
        Process server = new ProcessBuilder("openssl", "s_server", "-accept", "127.0.0.1:" + port, "-key", keyAndCert[0].toString(),
            "-cert", keyAndCert[1].toString(), "-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0", "-quiet")
            .redirectErrorStream(true).redirectOutput(dir.resolve("s_server.out").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (System.nanoTime() < deadline) {
                Optional<String> negotiated = handshake(new Endpoint("control", port, null), "tls1_1");
                if (negotiated.isPresent()) {
                    return negotiated.get().equals("TLSv1.1");
                }
                Thread.sleep(200);
            }
            return false;
        } finally {
            server.destroyForcibly().waitFor();
        }
    }

    private static Optional<String> negotiated(String output) {
        Matcher m = PROTOCOL.matcher(output);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    private static String run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        return new String(output, StandardCharsets.UTF_8);
    }
}
