package org.inbasket.mailets.smime;

import java.io.IOException;
import java.io.StringReader;
import java.security.PrivateKey;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/** Reads unencrypted private keys: PEM (PKCS#8, PKCS#1 RSA, SEC1 EC) and DER PKCS#8. */
public final class SmimeKeys {
    private SmimeKeys() {
    }

    /** @throws IOException naming the problem when the text holds no readable unencrypted key */
    public static PrivateKey readPem(String pem) throws IOException {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object object;
            while ((object = parser.readObject()) != null) {
                if (object instanceof PrivateKeyInfo info) {
                    return converter().getPrivateKey(info);
                }
                if (object instanceof PEMKeyPair pair) {
                    return converter().getKeyPair(pair).getPrivate();
                }
            }
        } catch (RuntimeException e) {
            throw new IOException("unreadable PEM private key", e);
        }
        throw new IOException("no unencrypted private key in the PEM text");
    }

    /** @throws IOException when the bytes are not a DER PKCS#8 private key */
    public static PrivateKey readPkcs8(byte[] der) throws IOException {
        try {
            return converter().getPrivateKey(PrivateKeyInfo.getInstance(der));
        } catch (RuntimeException e) {
            throw new IOException("not a DER PKCS#8 private key", e);
        }
    }

    /** @return the key as unencrypted PKCS#8 PEM ({@code BEGIN PRIVATE KEY}), which every tool reads */
    public static String toPkcs8Pem(PrivateKey key) {
        java.io.StringWriter text = new java.io.StringWriter();
        try (org.bouncycastle.openssl.jcajce.JcaPEMWriter writer = new org.bouncycastle.openssl.jcajce.JcaPEMWriter(text)) {
            writer.writeObject(new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(key, null));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return text.toString();
    }

    private static JcaPEMKeyConverter converter() {
        return new JcaPEMKeyConverter().setProvider(CryptoProvider.bouncyCastle());
    }
}
