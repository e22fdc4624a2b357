package org.inbasket.gateway.cli;

import java.io.PrintWriter;

/**
 * Progress of a bulk command: a line every {@code every} items ({@code users import: 200/1000 (2 failed)}) and
 * a summary at the end. Items are counted as done, skipped or failed; failures are listed as they happen.
 */
final class Progress {
    private final PrintWriter out;
    private final String task;
    private final int total;
    private final int every;
    private int processed;
    private int done;
    private int skipped;
    private int failed;

    Progress(PrintWriter out, String task, int total, int every) {
        if (every < 1) {
            throw new AdminCliException(AdminCliException.LOCAL, "--progress-every must be at least 1");
        }
        this.out = out;
        this.task = task;
        this.total = total;
        this.every = every;
    }

    void done() {
        done++;
        step();
    }

    void skipped(String item, String why) {
        skipped++;
        out.println(task + ": skipped " + item + ": " + why);
        step();
    }

    void failed(String item, String why) {
        failed++;
        out.println(task + ": failed " + item + ": " + why);
        step();
    }

    private void step() {
        processed++;
        if (processed % every == 0 && processed < total) {
            out.println(task + ": " + processed + "/" + total + (failed > 0 ? " (" + failed + " failed)" : ""));
        }
        out.flush();
    }

    /** Prints the summary; @return 0, or {@link AdminCliException#API} when something failed */
    int finish(String doneWord) {
        out.println(task + ": " + processed + "/" + total + " processed: " + done + " " + doneWord + ", " + skipped
            + " skipped, " + failed + " failed");
        out.flush();
        return failed == 0 ? 0 : AdminCliException.API;
    }
}
