package org.inbasket.gateway.portal.web;

import java.io.IOException;
import java.time.Duration;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;

/**
 * Counts the HTTP exchanges in progress, so that the portal's stop waits for requests being served and no longer.
 *
 * <p>The JDK 17 server's {@code HttpServer.stop(delay)} always waits the whole delay, even when nothing is in
 * progress (JDK-8304065, fixed in JDK 21): two seconds of every gateway shutdown. The portal adds this filter to
 * each context, waits with {@link #awaitIdle(Duration)} for the requests in progress, then stops the server at
 * once.
 *
 * <p>SECURITY: counts only; sees no request content.
 * <p>BUGS: a request that starts during the wait extends it, up to the grace period.
 */
public final class InFlightExchanges extends Filter {
    private final Object lock = new Object();
    private int inFlight;

    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        synchronized (lock) {
            inFlight++;
        }
        try {
            chain.doFilter(exchange);
        } finally {
            synchronized (lock) {
                if (--inFlight == 0) {
                    lock.notifyAll();
                }
            }
        }
    }

    /** Waits until no exchange is in progress or the grace period has passed; true when idle. */
    public boolean awaitIdle(Duration grace) throws InterruptedException {
        long deadline = System.nanoTime() + grace.toNanos();
        synchronized (lock) {
            while (inFlight > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                lock.wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }

    /** The number of exchanges in progress. */
    public int count() {
        synchronized (lock) {
            return inFlight;
        }
    }

    @Override
    public String description() {
        return "counts the exchanges in progress";
    }
}
