package org.inbasket.mailets.triage.pool;

import org.inbasket.mailets.triage.TestDatabase;
import org.junit.jupiter.api.BeforeEach;

class JdbcPoolDirectoryTest extends PoolDirectoryContract {
    private PoolDirectory directory;

    @BeforeEach
    void setUp() {
        directory = new JdbcPoolDirectory(TestDatabase.migrated());
    }

    @Override
    protected PoolDirectory directory() {
        return directory;
    }
}
