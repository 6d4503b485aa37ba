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
}
