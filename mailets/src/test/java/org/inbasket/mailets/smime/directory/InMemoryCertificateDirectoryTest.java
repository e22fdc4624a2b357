package org.inbasket.mailets.smime.directory;

import org.junit.jupiter.api.BeforeEach;

class InMemoryCertificateDirectoryTest extends CertificateDirectoryContract {
    private InMemoryCertificateDirectory directory;

    @BeforeEach
    void create() {
        directory = new InMemoryCertificateDirectory();
    }

    @Override
    protected CertificateDirectory directory() {
        return directory;
    }

    @Override
    protected CertificateDirectory reopen() {
        return directory;
    }
}
