package org.inbasket.gateway.e2e;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

/**
 * Opens mail the running gateway stored encrypted at rest, the way a clinician's mail client would: the user's
 * PKCS#12 comes from the admin API ({@code POST /smime/certificates/<address>/pkcs12}) and {@code openssl}
 * (pkcs12, cms) does the decryption, so the check does not reuse the gateway's own S/MIME code.
 *
 * <p>SECURITY: test use only; the key is written unencrypted into the given (temporary) directory.</p>
 */
public final class SmimeTool {
    private static final Duration OPENSSL_TIMEOUT = Duration.ofSeconds(60);
    private final Path dir;
    private final Path key;
    private final Path certificate;

    private SmimeTool(Path dir, Path key, Path certificate) {
        this.dir = dir;
        this.key = key;
        this.certificate = certificate;
    }

    /** Exports {@code address}'s key and certificate through the admin API on {@code adminPort} into {@code dir}. */
    public static SmimeTool forUser(int adminPort, String address, Path dir) throws Exception {
        Files.createDirectories(dir);
        String password = "p12-" + UUID.randomUUID();
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + adminPort + "/smime/certificates/" + address + "/pkcs12"))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"password\":\"" + password + "\"}"))
            .build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("PKCS#12 export of " + address + ": HTTP " + response.statusCode() + " "
                + new String(response.body(), StandardCharsets.UTF_8));
        }
        String name = address.replaceAll("[^A-Za-z0-9.-]", "_");
        Path p12 = dir.resolve(name + ".p12");
        Files.write(p12, response.body());
        Path key = dir.resolve(name + ".key.pem");
        Path certificate = dir.resolve(name + ".cert.pem");
        openssl(dir, List.of("pkcs12", "-in", p12.toString(), "-passin", "pass:" + password, "-nocerts", "-nodes",
            "-out", key.toString()));
        openssl(dir, List.of("pkcs12", "-in", p12.toString(), "-passin", "pass:" + password, "-clcerts", "-nokeys",
            "-out", certificate.toString()));
        return new SmimeTool(dir, key, certificate);
    }

    /** True when the message is an S/MIME envelope ({@code application/pkcs7-mime}, enveloped or auth-enveloped). */
    public static boolean isEncrypted(MimeMessage message) throws MessagingException {
        String type = message.getContentType().toLowerCase(java.util.Locale.ROOT);
        return (type.startsWith("application/pkcs7-mime") || type.startsWith("application/x-pkcs7-mime"))
            && type.contains("enveloped-data");
    }

    /** The MIME entity inside the envelope, as openssl cms -decrypt gives it. */
    public MimeMessage decrypt(MimeMessage encrypted) throws Exception {
        Path in = Files.createTempFile(dir, "encrypted", ".eml");
        Path out = Files.createTempFile(dir, "decrypted", ".eml");
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        encrypted.writeTo(raw);
        Files.write(in, raw.toByteArray());
        openssl(dir, List.of("cms", "-decrypt", "-in", in.toString(), "-recip", certificate.toString(),
            "-inkey", key.toString(), "-out", out.toString()));
        return new MimeMessage(MailClients.session(), new ByteArrayInputStream(Files.readAllBytes(out)));
    }

    private static void openssl(Path workDir, List<String> arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(arguments);
        Process process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(OPENSSL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("openssl " + arguments.get(0) + " did not finish in " + OPENSSL_TIMEOUT);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("openssl " + arguments.get(0) + " failed (" + process.exitValue() + "): "
                + new String(output, StandardCharsets.UTF_8));
        }
    }
}
