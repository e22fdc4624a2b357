package org.inbasket.gateway.admin;

import org.apache.james.webadmin.authentication.AuthenticationFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import spark.Request;
import spark.Response;
import spark.Spark;

/**
 * Lets an admin API request through only with {@code Authorization: Bearer <admin token>}; otherwise answers
 * 401 in WebAdmin's error format with a {@code WWW-Authenticate: Bearer} challenge. WebAdmin runs it before
 * every route except the public ones ({@code /healthcheck}, which the container health check calls).
 *
 * <p>The token is required on every address, loopback included (ADR 0041).</p>
 *
 * <p>SECURITY: the presented value is never logged or echoed; a missing and a wrong token get the same
 * answer, and only the log says which (with method, path and client address). Comparison is
 * constant-time ({@link AdminToken#matches}).</p>
 */
public final class AdminTokenFilter implements AuthenticationFilter {
    private static final Logger LOGGER = LoggerFactory.getLogger(AdminTokenFilter.class);
    static final String HEADER = "Authorization";
    static final String SCHEME = "Bearer ";
    static final String REFUSED = "{\"statusCode\":401,\"type\":\"Unauthorized\",\"message\":\"This admin API "
        + "requires 'Authorization: Bearer <token>'; the token is in admin.token in the gateway's data directory\"}";

    private final AdminToken token;

    public AdminTokenFilter(AdminToken token) {
        this.token = token;
    }

    @Override
    public void handle(Request request, Response response) {
        String header = request.headers(HEADER);
        if (header == null || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            refuse(request, response, header == null ? "no Authorization header" : "not a Bearer credential");
            return;
        }
        if (!token.matches(header.substring(SCHEME.length()).trim())) {
            refuse(request, response, "wrong token");
            return;
        }
        request.attribute(LOGIN, "admin");
    }

    private static void refuse(Request request, Response response, String reason) {
        LOGGER.warn("admin API: refused {} {} from {}: {}", request.requestMethod(), request.pathInfo(), request.ip(),
            reason);
        response.type(AdminJson.TYPE);
        response.header("WWW-Authenticate", "Bearer realm=\"inbasket-admin\"");
        throw Spark.halt(401, REFUSED);
    }
}
