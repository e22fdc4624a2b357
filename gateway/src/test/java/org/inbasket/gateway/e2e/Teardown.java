package org.inbasket.gateway.e2e;

import com.icegreen.greenmail.util.GreenMail;

/** Stops what an end-to-end class started, in the order given, skipping what never started. */
final class Teardown {
    private Teardown() {
    }

    /** Gateways get SIGTERM (their log is kept), GreenMail is stopped, anything else is closed. */
    static void stopAll(Object... resources) throws Exception {
        for (Object resource : resources) {
            if (resource instanceof GatewayProcess gateway) {
                gateway.stop();
            } else if (resource instanceof GreenMail greenMail) {
                greenMail.stop();
            } else if (resource instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
    }
}
