package org.inbasket.gateway.services;

import javax.inject.Inject;

import org.apache.james.utils.GuiceProbe;

/** Gives the command line and the tests the gateway's own services once James has started. */
public final class ClinicalServicesProbe implements GuiceProbe {
    private final ClinicalServices services;

    @Inject
    public ClinicalServicesProbe(ClinicalServices services) {
        this.services = services;
    }

    public ClinicalServices services() {
        return services;
    }
}
