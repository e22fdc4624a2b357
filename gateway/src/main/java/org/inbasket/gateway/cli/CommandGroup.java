package org.inbasket.gateway.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** A group of admin commands ({@code users}, {@code pools}, ...): the API client, and a usage error when no command is given. */
abstract class CommandGroup implements Runnable {
    @ParentCommand
    AdminCommand admin;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing command: " + String.join("|", spec.subcommands().keySet()));
    }
}
