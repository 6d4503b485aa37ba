package dev.dmapworkbook.localcloud;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code localcloud.jar <command> --help} works for every command, as {@code localcloud.jar --help} does. */
class MainHelpTest {

    @Test
    void everyCommandAnswersHelpWithItsUsage() {
        List<String> commands = new ArrayList<>(new CommandLine(new Main()).getSubcommands().keySet());
        assertTrue(commands.containsAll(List.of("serve", "start", "stop", "status", "reset")), commands.toString());
        for (String command : commands) {
            PrintStream original = System.out;
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int rc;
            try {
                System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
                rc = Main.run(command, "--help");
            } finally {
                System.setOut(original);
            }
            String usage = out.toString(StandardCharsets.UTF_8);
            assertEquals(0, rc, command + " --help: " + usage);
            assertTrue(usage.startsWith("Usage: localcloud " + command), command + " --help printed: " + usage);
            assertTrue(usage.contains("--help"), command + "'s usage lists --help: " + usage);
        }
    }

    /**
     * {@code s3-inventory} only asks a running local cloud for a report: its help names the options that say which
     * (--host, --port, --data-dir), not the server's own (--sfn-sync, --wait-scale, …), which it would silently ignore.
     */
    @Test
    void s3InventoryOffersOnlyTheOptionsItUses() {
        String usage = new CommandLine(new Main()).getSubcommands().get("s3-inventory").getUsageMessage();
        for (String used : List.of("--bucket", "--id", "--rows-per-file", "--host", "--port", "--data-dir")) {
            assertTrue(usage.contains(used), "s3-inventory --help lists " + used + ": " + usage);
        }
        for (String ignored : List.of("--sfn-sync", "--wait-scale", "--lambda-workers", "--allow-origin",
                "--verify-signatures")) {
            assertTrue(!usage.contains(ignored), "s3-inventory --help offers " + ignored + ", which it ignores: " + usage);
        }
        PrintStream original = System.err;
        try {
            System.setErr(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            assertEquals(2, Main.run("s3-inventory", "--sfn-sync", "none", "--bucket", "b", "--id", "i"),
                    "an option s3-inventory does not take is a usage error, not ignored");
        } finally {
            System.setErr(original);
        }
    }

    @Test
    void stopStatusAndResetOfferOnlyTheOptionsThatFindTheServer() {
        for (String command : List.of("stop", "status", "reset")) {
            String usage = new CommandLine(new Main()).getSubcommands().get(command).getUsageMessage();
            for (String used : List.of("--host", "--port", "--data-dir")) {
                assertTrue(usage.contains(used), command + " --help lists " + used + ": " + usage);
            }
            for (String ignored : List.of("--sfn-sync", "--wait-scale", "--lambda-workers", "--allow-origin",
                    "--verify-signatures")) {
                assertTrue(!usage.contains(ignored), command + " --help offers " + ignored + ", which it ignores: " + usage);
            }
        }
        assertTrue(new CommandLine(new Main()).getSubcommands().get("reset").getUsageMessage().contains("--force"));
        String start = new CommandLine(new Main()).getSubcommands().get("start").getUsageMessage();
        assertTrue(start.contains("--sfn-sync") && start.contains("--timeout"), "start still runs the server: " + start);
    }
}
