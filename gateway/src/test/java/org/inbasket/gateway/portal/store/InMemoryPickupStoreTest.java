package org.inbasket.gateway.portal.store;

import org.inbasket.gateway.portal.MutableClock;
import org.inbasket.mailets.pickup.InMemoryPickupStore;
import org.inbasket.mailets.pickup.PickupStore;

class InMemoryPickupStoreTest extends PickupStoreContract {
    @Override
    protected PickupStore createStore(MutableClock clock) {
        return new InMemoryPickupStore(clock, EXPIRY);
    }
}
