package org.inbasket.gateway.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code admin pools list|add|remove|add-member|remove-member}: the gateway's {@code /pools}. */
@Command(name = "pools", mixinStandardHelpOptions = true,
    description = "Pools: shared addresses whose mail every member gets in Pools/<pool> (/pools).")
final class PoolsCommand extends CommandGroup {
    @Command(name = "list", mixinStandardHelpOptions = true, description = "Prints the pools and their members (JSON).")
    int list() {
        admin.print(admin.api().json("GET", "/pools", null));
        return 0;
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Creates a pool (and its account when its domain is local).")
    int add(@Parameters(paramLabel = "POOL", description = "The pool's address, e.g. rn-pool@clinic.example") String pool) {
        admin.api().call("PUT", path(pool), null);
        admin.println("added pool " + pool);
        return 0;
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
        description = "Deletes a pool from the database (pools in conf/triage/pools.conf come back at the next start).")
    int remove(@Parameters(paramLabel = "POOL") String pool) {
        admin.api().call("DELETE", path(pool), null);
        admin.println("removed pool " + pool);
        return 0;
    }

    @Command(name = "add-member", mixinStandardHelpOptions = true, description = "Adds a member to a pool.")
    int addMember(@Parameters(index = "0", paramLabel = "POOL") String pool,
                  @Parameters(index = "1", paramLabel = "MEMBER") String member) {
        admin.api().call("PUT", path(pool) + "/members/" + AdminApi.segment(member), null);
        admin.println("added " + member + " to " + pool);
        return 0;
    }

    @Command(name = "remove-member", mixinStandardHelpOptions = true, description = "Removes a member from a pool.")
    int removeMember(@Parameters(index = "0", paramLabel = "POOL") String pool,
                     @Parameters(index = "1", paramLabel = "MEMBER") String member) {
        admin.api().call("DELETE", path(pool) + "/members/" + AdminApi.segment(member), null);
        admin.println("removed " + member + " from " + pool);
        return 0;
    }

    private static String path(String pool) {
        return "/pools/" + AdminApi.segment(pool);
    }
}
