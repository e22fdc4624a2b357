package org.inbasket.mailets.smime;

import java.security.cert.X509Certificate;
import java.util.List;

import org.inbasket.mailets.smime.directory.CertificateDirectory;
import org.inbasket.mailets.smime.directory.DirectoryException;
import org.inbasket.mailets.smime.directory.PrivateKeyDirectory;

/** Directories whose storage is down: every call fails as a database or disk failure would. */
final class FailingDirectories {
    private FailingDirectories() {
    }

    static CertificateDirectory certificates() {
        return new CertificateDirectory() {
            @Override
            public List<String> add(X509Certificate certificate) {
                throw new DirectoryException("database unavailable");
            }

            @Override
            public List<X509Certificate> list(String address) {
                throw new DirectoryException("database unavailable");
            }

            @Override
            public List<X509Certificate> listAll() {
                throw new DirectoryException("database unavailable");
            }

            @Override
            public boolean remove(X509Certificate certificate) {
                throw new DirectoryException("database unavailable");
            }
        };
    }

    static PrivateKeyDirectory keys() {
        return new PrivateKeyDirectory() {
            @Override
            public void add(String owner, SmimeIdentity identity) {
                throw new DirectoryException("disk unavailable");
            }

            @Override
            public List<SmimeIdentity> list(String owner) {
                throw new DirectoryException("disk unavailable");
            }

            @Override
            public boolean remove(String owner, X509Certificate certificate) {
                throw new DirectoryException("disk unavailable");
            }

            @Override
            public List<String> owners() {
                throw new DirectoryException("disk unavailable");
            }
        };
    }
}
