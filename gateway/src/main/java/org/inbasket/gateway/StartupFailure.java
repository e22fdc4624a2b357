package org.inbasket.gateway;

import java.net.BindException;

import org.apache.commons.configuration2.ex.ConfigurationException;

/** Turns an exception from James's startup into one line an operator can act on. */
final class StartupFailure {
    private StartupFailure() {
    }

    static String describe(Throwable e) {
        Throwable root = e;
        Throwable configProblem = null;
        while (root.getCause() != null && root.getCause() != root) {
            if (root instanceof org.inbasket.gateway.config.ConfigException) {
                // Our own one-line message for the operator (a provider's, wrapped by Guice): it names the setting.
                return root.getMessage().replace('\n', ' ');
            }
            if (root instanceof ConfigurationException && configProblem == null) {
                configProblem = root;
            }
            root = root.getCause();
        }
        if (root instanceof BindException) {
            return "cannot listen on a configured port: " + root.getMessage()
                + " (another program uses it, or the address is not on this machine)";
        }
        Throwable shown = configProblem != null ? configProblem : root;
        String message = shown.getMessage() == null ? "" : shown.getMessage().replace('\n', ' ');
        return shown.getClass().getSimpleName() + ": " + message + " (details in the log under <data>/logs)";
    }

    static boolean isConfigurationProblem(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConfigurationException || t instanceof org.inbasket.gateway.config.ConfigException) {
                return true;
            }
        }
        return false;
    }
}
