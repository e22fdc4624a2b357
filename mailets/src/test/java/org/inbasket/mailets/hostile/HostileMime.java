package org.inbasket.mailets.hostile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSEnvelopedDataGenerator;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JceCMSContentEncryptorBuilder;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientInfoGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.inbasket.mailets.smime.SmimeIdentity;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Hostile MIME for property tests: the checked-in corpus ({@code src/test/resources/hostile-mime}, described in
 * its README.md), the corpus mutated (truncated, spliced, bytes inserted), MIME trees generated from hostile
 * parts (broken or duplicate boundaries, bad transfer encodings and charsets, NUL and 8-bit bytes, long lines,
 * nesting up to 300 levels), and S/MIME made of those: garbage encrypted or signed with a key the gateway
 * holds, so the mailets behind decryption see it too.
 */
final class HostileMime {
    static final String CORPUS = "/hostile-mime";
    private static final String[] CONTENT_TYPES = {
        "text/plain", "text/plain; charset=x-no-such-charset", "text/plain; charset=\"\"", "text/html; charset=utf-8",
        "multipart/mixed", "multipart/mixed; boundary=", "multipart/alternative; boundary=\"b\"; boundary=\"c\"",
        "message/rfc822", "application/pkcs7-mime; smime-type=enveloped-data", "application/pkcs7-mime; smime-type=signed-data",
        "application/pkcs7-mime; smime-type=certs-only", "application/pkcs7-mime", "application/x-pkcs7-mime; smime-type=x",
        "multipart/signed; protocol=\"application/pkcs7-signature\"", "application/pkcs7-signature", ";;;", "/",
        "text/plain; name*0*=utf-8''%E2; name*1=x", "application/octet-stream; name=\"\u00ff\u0000.pdf\"",
    };
    private static final String[] ENCODINGS = {"7bit", "8bit", "binary", "base64", "quoted-printable", "x-martian",
        "base64; quoted-printable", "", "uuencode"};
    private static final String[] HEADER_NAMES = {"Subject", "From", "To", "Cc", "Date", "Message-ID", "In-Reply-To",
        "References", "Content-Disposition", "Disposition-Notification-To", "Auto-Submitted", "X-Inbasket-Urgent",
        "X-Inbasket-Route", "X-Inbasket-Patient-Check", "Return-Path", "MIME-Version", "Content-ID", "X-Garbage"};
    private static final String[] HEADER_VALUES = {"", " ", "<>", "<<<@@>>>", "=?utf-8?B?!!!?=", "=?x-bogus?Q?=ZZ?=",
        "chest pain", ".refillok", "pat@outside.example", "dr.grey@clinic.example, ,,;", "\u0000", "\u00ff\u00fe",
        "Tue, 99 Foo 2025 99:99:99 +9999", "attachment; filename*=utf-8''%FF%FE", "auto-replied", "@@@"};

    private HostileMime() {
    }

    /** Every corpus file by name, with the end-to-end placeholders filled in. */
    static Map<String, byte[]> corpus() {
        try {
            Path dir = Path.of(HostileMime.class.getResource(CORPUS).toURI());
            Map<String, byte[]> files = new TreeMap<>();
            try (Stream<Path> list = Files.list(dir)) {
                for (Path file : list.filter(p -> p.toString().endsWith(".eml")).toList()) {
                    String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)
                        .replace("@@MARKER@@", "corpus-marker").replace("@@ID@@", "corpus-id");
                    files.put(file.getFileName().toString(), text.getBytes(StandardCharsets.ISO_8859_1));
                }
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Arbitrary<byte[]> corpusFiles() {
        return Arbitraries.of(List.copyOf(corpus().values()));
    }

    /** A corpus file after up to four random edits. */
    static Arbitrary<byte[]> mutatedCorpus() {
        Arbitrary<Mutation> mutation = Combinators.combine(Arbitraries.integers().between(0, 4),
            Arbitraries.doubles().between(0, 1), Arbitraries.doubles().between(0, 1), hostileBytes())
            .as(Mutation::new);
        return Combinators.combine(corpusFiles(), mutation.list().ofMaxSize(4)).as((file, edits) -> {
            byte[] result = file;
            for (Mutation edit : edits) {
                result = edit.apply(result);
            }
            return result;
        });
    }

    /** Generated MIME trees, possibly very deep. */
    static Arbitrary<byte[]> generatedTrees() {
        return Combinators.combine(Arbitraries.lazy(() -> entity(0)), topHeaders(), Arbitraries.integers().between(0, 300))
            .as((entity, headers, chain) -> {
                String body = chain > 250 ? deepChain(chain) : entity;
                return (headers + body).getBytes(StandardCharsets.ISO_8859_1);
            });
    }

    /** Generated or corpus MIME encrypted (enveloped, possibly twice) or signed (opaque) with {@code key}. */
    static Arbitrary<byte[]> smimeAround(SmimeIdentity key) {
        Arbitrary<byte[]> inner = Arbitraries.oneOf(corpusFiles(), generatedTrees(), mutatedCorpus());
        return Combinators.combine(inner, Arbitraries.integers().between(0, 3)).as((content, kind) -> {
            try {
                return switch (kind) {
                    case 0 -> pkcs7Mime("enveloped-data", envelope(content, key.certificate()));
                    case 1 -> pkcs7Mime("enveloped-data", envelope(
                        pkcs7Mime("enveloped-data", envelope(content, key.certificate())), key.certificate()));
                    case 2 -> pkcs7Mime("signed-data", signOpaque(content, key));
                    default -> pkcs7Mime("enveloped-data", envelope(pkcs7Mime("signed-data", signOpaque(content, key)),
                        key.certificate()));
                };
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Everything above, mixed. */
    static Arbitrary<byte[]> anything(SmimeIdentity key) {
        return Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(2, corpusFiles()), net.jqwik.api.Tuple.of(4, mutatedCorpus()),
            net.jqwik.api.Tuple.of(4, generatedTrees()), net.jqwik.api.Tuple.of(2, smimeAround(key)));
    }

    private static Arbitrary<String> topHeaders() {
        Arbitrary<String> field = Combinators.combine(Arbitraries.of(HEADER_NAMES), headerValue())
            .as((name, value) -> name + ": " + value + "\r\n");
        return field.list().ofMaxSize(12).map(fields -> "From: pat@outside.example\r\nSubject: generated\r\n"
            + String.join("", fields));
    }

    private static Arbitrary<String> headerValue() {
        return Arbitraries.oneOf(Arbitraries.of(HEADER_VALUES), hostileText(200),
            Arbitraries.integers().between(1000, 20_000).map(n -> "x".repeat(n)),
            Arbitraries.integers().between(1, 200).map(n -> "folded\r\n\t".repeat(n) + "end"));
    }

    /** One MIME entity (header fields, blank line, body); multiparts recurse, at most 5 levels here (deeper chains come from deepChain). */
    private static Arbitrary<String> entity(int depth) {
        Arbitrary<String> leaf = Combinators.combine(Arbitraries.of(CONTENT_TYPES), Arbitraries.of(ENCODINGS), leafBody())
            .as((type, encoding, body) -> "Content-Type: " + type + "\r\nContent-Transfer-Encoding: " + encoding
                + "\r\n\r\n" + body);
        if (depth >= 5) {
            return leaf;
        }
        Arbitrary<String> multipart = Combinators.combine(Arbitraries.lazy(() -> entity(depth + 1)).list().ofMaxSize(3),
            Arbitraries.of("b" + depth, "", "same", "b" + depth + "\u0000", "--"),
            Arbitraries.of(BoundaryStyle.values()), Arbitraries.of("multipart/mixed", "multipart/signed", "multipart/alternative"))
            .as((children, boundary, style, type) -> multipart(type, boundary, style, children));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, leaf), net.jqwik.api.Tuple.of(1, multipart));
    }

    enum BoundaryStyle { PROPER, NO_CLOSE, NO_PARAMETER, WRONG_DELIMITERS, CLOSE_ONLY }

    private static String multipart(String type, String boundary, BoundaryStyle style, List<String> children) {
        StringBuilder out = new StringBuilder("Content-Type: " + type);
        if (style != BoundaryStyle.NO_PARAMETER) {
            out.append("; boundary=\"").append(boundary).append('"');
        }
        out.append("\r\n\r\npreamble\r\n");
        String delimiter = style == BoundaryStyle.WRONG_DELIMITERS ? "--not-" + boundary : "--" + boundary;
        if (style != BoundaryStyle.CLOSE_ONLY) {
            for (String child : children) {
                out.append(delimiter).append("\r\n").append(child).append("\r\n");
            }
        }
        if (style != BoundaryStyle.NO_CLOSE) {
            out.append(delimiter).append("--\r\n");
        }
        return out.toString();
    }

    /** {@code levels} multiparts inside each other, a text part at the bottom. */
    static String deepChain(int levels) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < levels; i++) {
            out.append("Content-Type: multipart/mixed; boundary=\"d").append(i).append("\"\r\n\r\n--d").append(i).append("\r\n");
        }
        out.append("Content-Type: text/plain\r\n\r\nchest pain at the bottom\r\n");
        for (int i = levels - 1; i >= 0; i--) {
            out.append("--d").append(i).append("--\r\n");
        }
        return out.toString();
    }

    private static Arbitrary<String> leafBody() {
        return Arbitraries.oneOf(
            Arbitraries.of("", "chest pain and .refillok", "=ZZ=\r\n=", "!!!!====", "QUJD", "<script>alert(1)</script><div>"),
            hostileText(2_000),
            Arbitraries.integers().between(1, 3).map(n -> "line-".repeat(n * 4_000)),
            Arbitraries.bytes().array(byte[].class).ofMaxSize(3_000)
                .map(b -> java.util.Base64.getMimeEncoder().encodeToString(b)));
    }

    /** Text from an alphabet of what breaks parsers: NUL, bare CR and LF, 8-bit bytes, MIME punctuation. */
    private static Arbitrary<String> hostileText(int maxLength) {
        return Arbitraries.strings().withChars('\u0000', '\r', '\n', '\t', ' ', '-', '=', ';', ':', '"', '<', '>', '@', '?',
            '\\', '\u0080', '\u00ff', 'a', 'Z', '0').ofMaxLength(maxLength);
    }

    private static Arbitrary<byte[]> hostileBytes() {
        return Arbitraries.oneOf(hostileText(64).map(s -> s.getBytes(StandardCharsets.ISO_8859_1)),
            Arbitraries.of("\r\n--".getBytes(StandardCharsets.ISO_8859_1), "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1),
                "\u0000".getBytes(StandardCharsets.ISO_8859_1),
                "Content-Type: multipart/mixed; boundary=x\r\n".getBytes(StandardCharsets.ISO_8859_1)));
    }

    private record Mutation(int kind, double where, double length, byte[] bytes) {
        byte[] apply(byte[] input) {
            int at = (int) (where * input.length);
            int span = (int) (length * (input.length - at));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            switch (kind) {
                case 0 -> out.write(input, 0, at);
                case 1 -> {
                    out.write(input, 0, at);
                    out.writeBytes(bytes);
                    out.write(input, at, input.length - at);
                }
                case 2 -> {
                    out.write(input, 0, at);
                    out.write(input, at + span, input.length - at - span);
                }
                case 3 -> {
                    out.write(input, 0, at + span);
                    out.write(input, at, input.length - at);
                }
                default -> {
                    byte[] copy = input.clone();
                    for (int i = 0; i < bytes.length && at + i < copy.length; i++) {
                        copy[at + i] ^= bytes[i];
                    }
                    return copy;
                }
            }
            return out.toByteArray();
        }
    }

    private static byte[] pkcs7Mime(String smimeType, byte[] der) {
        String base64 = java.util.Base64.getMimeEncoder().encodeToString(der);
        return ("From: pat@outside.example\r\nTo: dr.grey@localhost\r\nSubject: generated\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: application/pkcs7-mime; smime-type=" + smimeType + "; name=smime.p7m\r\n"
            + "Content-Transfer-Encoding: base64\r\n\r\n" + base64 + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] envelope(byte[] content, X509Certificate reader) throws Exception {
        CMSEnvelopedDataGenerator generator = new CMSEnvelopedDataGenerator();
        generator.addRecipientInfoGenerator(new JceKeyTransRecipientInfoGenerator(reader));
        return generator.generate(new CMSProcessableByteArray(content),
            new JceCMSContentEncryptorBuilder(CMSAlgorithm.AES128_CBC).build()).getEncoded();
    }

    private static byte[] signOpaque(byte[] content, SmimeIdentity signer) throws Exception {
        CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
        generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().build())
            .build(new JcaContentSignerBuilder("SHA256withRSA").build(signer.privateKey()), signer.certificate()));
        generator.addCertificates(new JcaCertStore(signer.chain()));
        return generator.generate(new CMSProcessableByteArray(content), true).getEncoded();
    }

    static byte[] read(InputStream in) throws IOException {
        return in.readAllBytes();
    }
}
