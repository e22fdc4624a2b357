package org.inbasket.mailets.triage.pool;

import org.junit.jupiter.api.BeforeEach;

class MemoryPoolDirectoryTest extends PoolDirectoryContract {
    private PoolDirectory directory;

    @BeforeEach
    void setUp() {
        directory = new MemoryPoolDirectory();
    }

    @Override
    protected PoolDirectory directory() {
        return directory;
    }
}
