package org.inbasket.gateway.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The openssl command line as the independent S/MIME peer: decrypt what the gateway stored or sent with an
 * exported PKCS#12, verify its signatures, and make certificates for outside correspondents.
 */
public final class Openssl {
    private final Path dir;

    public Openssl(Path workDir) throws IOException {
        this.dir = Files.createDirectories(workDir);
    }

    /** Runs openssl; @return stdout; fails the test with stderr when openssl fails. */
    public byte[] run(byte[] stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).start();
        if (stdin != null) {
            process.getOutputStream().write(stdin);
        }
        process.getOutputStream().close();
        byte[] out = process.getInputStream().readAllBytes();
        byte[] err = process.getErrorStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new AssertionError("openssl " + String.join(" ", args) + " failed: "
                + new String(err, StandardCharsets.UTF_8));
        }
        return out;
    }

    /** Writes the private key and certificate of a PKCS#12 as PEM files; @return {key, certificate} */
    public Path[] unpack(String name, byte[] pkcs12, String password) throws IOException, InterruptedException {
        Path p12 = dir.resolve(name + ".p12");
        Files.write(p12, pkcs12);
        Path key = dir.resolve(name + ".key.pem");
        Path cert = dir.resolve(name + ".cert.pem");
        run(null, "pkcs12", "-in", p12.toString(), "-nocerts", "-nodes", "-passin", "pass:" + password, "-out", key.toString());
        run(null, "pkcs12", "-in", p12.toString(), "-clcerts", "-nokeys", "-passin", "pass:" + password, "-out", cert.toString());
        return new Path[] {key, cert};
    }

    /** Decrypts an S/MIME message with a key and certificate; @return the inner MIME entity as text */
    public String decrypt(byte[] message, Path key, Path certificate) throws IOException, InterruptedException {
        return new String(run(message, "cms", "-decrypt", "-inkey", key.toString(), "-recip", certificate.toString()),
            StandardCharsets.UTF_8);
    }

    /** Verifies a multipart/signed entity against the CA; @return the signed content */
    public String verify(byte[] signed, Path caPem) throws IOException, InterruptedException {
        return new String(run(signed, "cms", "-verify", "-CAfile", caPem.toString(), "-purpose", "smimesign"),
            StandardCharsets.UTF_8);
    }

    /** A self-signed S/MIME certificate for an outside correspondent; @return {key, certificate} */
    public Path[] selfSigned(String name, String address) throws IOException, InterruptedException {
        Path key = dir.resolve(name + ".key.pem");
        Path cert = dir.resolve(name + ".cert.pem");
        // An end-entity certificate: openssl's default req section would make it a CA, which no one encrypts to.
        Path config = dir.resolve(name + ".cnf");
        Files.writeString(config, String.join("\n",
            "[req]", "distinguished_name = dn", "x509_extensions = ext", "prompt = no",
            "[dn]", "CN = " + name,
            "[ext]", "basicConstraints = critical,CA:FALSE", "keyUsage = critical,digitalSignature,keyEncipherment",
            "extendedKeyUsage = emailProtection", "subjectAltName = email:" + address, ""));
        run(null, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(), "-out", cert.toString(),
            "-days", "30", "-config", config.toString());
        return new Path[] {key, cert};
    }
}
