package org.inbasket.gateway.portal.auth;

class InMemoryPortalAccountStoreTest extends PortalAccountStoreContract {
    @Override
    protected PortalAccountStore createStore() {
        return new InMemoryPortalAccountStore();
    }
}
