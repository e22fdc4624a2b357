package org.inbasket.mailets.smime.benchmark;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import javax.mail.internet.MimeMessage;

import org.inbasket.mailets.smime.CryptoProvider;
import org.inbasket.mailets.smime.DecryptionResult;
import org.inbasket.mailets.smime.EncryptionOptions;
import org.inbasket.mailets.smime.KeyAlgorithm;
import org.inbasket.mailets.smime.Pkcs12;
import org.inbasket.mailets.smime.SignatureStatus;
import org.inbasket.mailets.smime.SmimeDecryptor;
import org.inbasket.mailets.smime.SmimeEncryptor;
import org.inbasket.mailets.smime.SmimeIdentity;
import org.inbasket.mailets.smime.SmimeSigner;
import org.inbasket.mailets.smime.SmimeVerifier;
import org.inbasket.mailets.smime.TestMessages;
import org.inbasket.mailets.smime.ca.CertificateAuthority;
import org.inbasket.mailets.smime.ca.CertificateAuthoritySettings;

/**
 * Single-thread throughput of the S/MIME core on 10 KB messages: sign+encrypt (what outbound mail costs)
 * and decrypt+verify (what inbound mail costs), RSA-2048 and P-256, default algorithms (SHA-256,
 * AES-256-CBC, RSA-OAEP-SHA256 / ECDH). A raw JCA signature over the same bytes with the same key and
 * provider is measured too: it is the ceiling for sign+encrypt on the machine at the time of the run.
 * One thread; ops per CPU-second of that thread is the per-core figure, ops per wall second is what the
 * machine gave at the time (lower when other work shares it).
 *
 * <p>Not a test: run it with {@code mvn -B -o -pl mailets -Psmime-benchmark test-compile exec:exec}
 * (see docs/benchmarks.md), which starts a fresh JVM. Bounded: {@code -Dbenchmark.warmup=5} and
 * {@code -Dbenchmark.seconds=10} seconds per scenario (defaults shown), six scenarios. Measured in
 * one-second windows; the median and best windows by CPU time are reported.</p>
 */
public final class SmimeBenchmark {
    private static final int MESSAGE_BYTES = 10 * 1024;

    private SmimeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Duration warmup = Duration.ofSeconds(Long.getLong("benchmark.warmup", 5));
        Duration measure = Duration.ofSeconds(Long.getLong("benchmark.seconds", 10));
        java.nio.file.Path folder = java.nio.file.Files.createTempDirectory("smime-benchmark");
        CertificateAuthority ca = CertificateAuthority.openOrCreate(folder, "benchmark".toCharArray(),
            CertificateAuthoritySettings.DEFAULT.withCaKeyAlgorithm(KeyAlgorithm.EC_P256), Clock.systemUTC());
        MimeMessage message = TestMessages.ofSize(MESSAGE_BYTES);
        System.out.printf(Locale.ROOT, "S/MIME benchmark: %d-byte message (%d bytes on the wire), 1 thread, JDK %s, %d cores, "
                + "warm-up %ds, measure %ds, load average %.2f%n", MESSAGE_BYTES, TestMessages.bytes(message).length,
            System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), warmup.toSeconds(), measure.toSeconds(),
            ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.println(CryptoProvider.rsaDescription());

        for (KeyAlgorithm algorithm : List.of(KeyAlgorithm.RSA_2048, KeyAlgorithm.EC_P256)) {
            SmimeIdentity sender = asStored(ca.issue("dr.grey@clinic.example", algorithm));
            SmimeIdentity recipient = asStored(ca.issue("patient@example.com", algorithm));
            SmimeSigner signer = new SmimeSigner();
            SmimeEncryptor encryptor = new SmimeEncryptor(EncryptionOptions.DEFAULT);
            SmimeDecryptor decryptor = new SmimeDecryptor();
            SmimeVerifier verifier = new SmimeVerifier(List.of(ca.certificate()), List.of(), Clock.systemUTC(), false);

            Callable<byte[]> signAndEncrypt = () -> {
                MimeMessage signed = signer.sign(message, sender);
                return serialise(encryptor.encrypt(signed, List.of(recipient.certificate())));
            };
            byte[] wire = signAndEncrypt.call();
            Callable<byte[]> decryptAndVerify = () -> {
                DecryptionResult decrypted = decryptor.decrypt(TestMessages.parse(wire), List.of(recipient));
                if (verifier.verify(decrypted.message().orElseThrow(), List.of()).status() != SignatureStatus.VALID) {
                    throw new IllegalStateException("round trip did not verify");
                }
                return wire;
            };
            decryptAndVerify.call();
            byte[] messageBytes = TestMessages.bytes(message);
            if (algorithm == KeyAlgorithm.EC_P256) {
                report(algorithm, "raw signature (BC SHA256withECDSA)",
                    run(rawSignature("SHA256withECDSA", CryptoProvider.bouncyCastle(), sender, messageBytes), warmup, measure));
            } else {
                report(algorithm, "raw signature (JDK SHA256withRSA)",
                    run(rawSignature("SHA256withRSA", null, sender, messageBytes), warmup, measure));
                if (CryptoProvider.nativeRsa().isPresent()) {
                    report(algorithm, "raw signature (native SHA256withRSA)",
                        run(rawSignature("SHA256withRSA", CryptoProvider.nativeRsa().get(), sender, messageBytes), warmup, measure));
                }
            }
            report(algorithm, "sign+encrypt", run(signAndEncrypt, warmup, measure));
            report(algorithm, "decrypt+verify", run(decryptAndVerify, warmup, measure));
        }
        System.out.printf(Locale.ROOT, "load average at the end %.2f%n", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    /** A bare JCA signature over the message bytes: the provider's RSA or ECDSA alone (null: the JDK's default). */
    private static Callable<byte[]> rawSignature(String name, java.security.Provider provider, SmimeIdentity signer, byte[] bytes) {
        return () -> {
            Signature signature = provider == null ? Signature.getInstance(name) : Signature.getInstance(name, provider);
            signature.initSign(signer.privateKey());
            signature.update(bytes);
            return signature.sign();
        };
    }

    private static Figures run(Callable<byte[]> operation, Duration warmup, Duration measure) throws Exception {
        window(operation, warmup);
        List<Figures> windows = new ArrayList<>();
        for (long second = 0; second < measure.toSeconds(); second++) {
            windows.add(window(operation, Duration.ofSeconds(1)));
        }
        windows.sort(Comparator.comparingDouble(Figures::perCpuSecond));
        Figures median = windows.get(windows.size() / 2);
        Figures best = windows.get(windows.size() - 1);
        double wall = windows.stream().mapToDouble(Figures::perWallSecond).average().orElse(0);
        return new Figures(wall, median.perCpuSecond, best.perCpuSecond);
    }

    /** One measuring window: operations per wall second and per CPU-second of this thread. */
    private static Figures window(Callable<byte[]> operation, Duration duration) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long start = System.nanoTime();
        long cpuStart = threads.getCurrentThreadCpuTime();
        long end = start + duration.toNanos();
        long count = 0;
        long now;
        do {
            operation.call();
            count++;
            now = System.nanoTime();
        } while (now < end);
        double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
        return new Figures(count / ((now - start) / 1e9), count / cpuSeconds, count / cpuSeconds);
    }

    /**
     * @param perWallSecond what the machine delivered (lower when other processes share the cores)
     * @param perCpuSecond operations per CPU-second of the benchmark thread: the per-core figure (median window)
     * @param bestPerCpuSecond the best one-second window, closest to an idle core
     */
    private record Figures(double perWallSecond, double perCpuSecond, double bestPerCpuSecond) {
    }

    private static void report(KeyAlgorithm algorithm, String operation, Figures figures) {
        System.out.printf(Locale.ROOT, "%-9s %-36s %6.0f ops/s wall   %6.0f ops/CPU-s (median)   %6.0f ops/CPU-s (best)   %6.3f ms CPU/op%n",
            algorithm.parameterValue(), operation, figures.perWallSecond(), figures.perCpuSecond(), figures.bestPerCpuSecond(),
            1000 / figures.perCpuSecond());
    }

    /** The key as the gateway holds it: written to and read back from PKCS#12, as the key directory does. */
    private static SmimeIdentity asStored(SmimeIdentity issued) throws Exception {
        char[] password = "benchmark".toCharArray();
        return Pkcs12.read(Pkcs12.write(issued, password, "benchmark"), password).get(0);
    }

    private static byte[] serialise(MimeMessage message) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        message.writeTo(out);
        return out.toByteArray();
    }
}
