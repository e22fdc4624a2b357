package org.inbasket.gateway.cli;

import java.io.Console;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A password for a command: the first line of {@code --password-file}, or typed twice at a prompt. Never an
 * option value, which other users see in the process list.
 */
final class Passwords {
    private Passwords() {
    }

    static String read(Path passwordFile, String prompt, int minLength) {
        String password = passwordFile != null ? fromFile(passwordFile) : prompted(prompt);
        if (password.length() < minLength) {
            throw new AdminCliException(AdminCliException.LOCAL, "the password must have at least " + minLength
                + " characters");
        }
        return password;
    }

    private static String fromFile(Path file) {
        try {
            String first = Files.readAllLines(file, StandardCharsets.UTF_8).stream().findFirst().orElse("");
            if (first.isEmpty()) {
                throw new AdminCliException(AdminCliException.LOCAL, file + ": the password file is empty");
            }
            return first;
        } catch (IOException e) {
            throw new AdminCliException(AdminCliException.LOCAL, "cannot read the password file " + file + " ("
                + e.getClass().getSimpleName() + ")");
        }
    }

    private static String prompted(String prompt) {
        Console console = System.console();
        if (console == null) {
            throw new AdminCliException(AdminCliException.LOCAL, "no terminal to ask for the password: give --password-file");
        }
        char[] first = console.readPassword("%s: ", prompt);
        char[] again = console.readPassword("%s (again): ", prompt);
        try {
            if (first == null || again == null || !Arrays.equals(first, again)) {
                throw new AdminCliException(AdminCliException.LOCAL, "the passwords differ");
            }
            return new String(first);
        } finally {
            if (first != null) {
                Arrays.fill(first, ' ');
            }
            if (again != null) {
                Arrays.fill(again, ' ');
            }
        }
    }
}
