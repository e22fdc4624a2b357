package org.inbasket.mailets.smime.directory;

import org.junit.jupiter.api.BeforeEach;

class InMemoryPrivateKeyDirectoryTest extends PrivateKeyDirectoryContract {
    private InMemoryPrivateKeyDirectory directory;

    @BeforeEach
    void create() {
        directory = new InMemoryPrivateKeyDirectory();
    }

    @Override
    protected PrivateKeyDirectory directory() {
        return directory;
    }

    @Override
    protected PrivateKeyDirectory reopen() {
        return directory;
    }
}
