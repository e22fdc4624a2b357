package org.inbasket.gateway.portal.auth;

import org.inbasket.gateway.portal.TestDatabases;

class JdbcPortalAccountStoreTest extends PortalAccountStoreContract {
    @Override
    protected PortalAccountStore createStore() {
        return new JdbcPortalAccountStore(TestDatabases.migratedDerby());
    }
}
