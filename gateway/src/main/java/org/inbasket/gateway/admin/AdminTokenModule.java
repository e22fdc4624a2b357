package org.inbasket.gateway.admin;

import javax.inject.Singleton;

import org.apache.james.webadmin.authentication.AuthenticationFilter;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;

/**
 * Binds WebAdmin's {@link AuthenticationFilter} to {@link AdminTokenFilter}. It must <em>override</em>
 * {@code WebAdminServerModule}, whose own binding is a JWT filter or none at all
 * ({@code Modules.override(new WebAdminServerModule()).with(new AdminTokenModule(token))}).
 */
public final class AdminTokenModule extends AbstractModule {
    private final AdminToken token;

    public AdminTokenModule(AdminToken token) {
        this.token = token;
    }

    @Override
    protected void configure() {
        bind(AdminToken.class).toInstance(token);
    }

    @Provides
    @Singleton
    AuthenticationFilter authenticationFilter() {
        return new AdminTokenFilter(token);
    }
}
