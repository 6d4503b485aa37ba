package dev.dmapworkbook.localcloud;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code start}, {@code status}, {@code stop}, {@code reset} against a real background server process. */
class LifecycleTest {
    @TempDir
    Path work;

    private Path dataDir;

    @AfterEach
    void stopLeftovers() {
        if (dataDir != null) {
            Main.run("stop", "--data-dir", dataDir.toString());
        }
    }

    @Test
    void startReturnsOnceHealthyThenStatusStopAndReset() throws Exception {
        dataDir = work.resolve(".localcloud");
        String[] where = {"--port", "0", "--data-dir", dataDir.toString()};
        assertEquals(0, Main.run(concat("start", where)));
        String endpoint = Files.readString(dataDir.resolve(Lifecycle.ENDPOINT_FILE)).trim();
        long pid = Long.parseLong(Files.readString(dataDir.resolve(Lifecycle.PID_FILE)).trim());
        var health = Lifecycle.health(endpoint).orElseThrow();
        assertEquals(pid, health.path("pid").asLong());
        assertTrue(health.path("services").has("s3"), health.toString());
        List<String> jvm = List.of(Files.readString(Path.of("/proc", String.valueOf(pid), "cmdline")).split("\0"));
        assertTrue(jvm.containsAll(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1")),
                "the server runs with the JVM options Lifecycle documents: " + jvm);

        assertEquals(0, Main.run(concat("start", where)), "a second start finds the running server");
        Output status = capture(() -> Main.run(concat("status", where)));
        assertEquals(0, status.code());
        assertTrue(status.text().contains("s3: running"), status.text());

        assertEquals(0, Main.run(concat("stop", where)));
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        assertTrue(Lifecycle.health(endpoint).isEmpty());
        assertEquals(3, Main.run(concat("status", where)));
        assertFalse(Files.exists(dataDir.resolve(Lifecycle.PID_FILE)));

        assertEquals(0, Main.run(concat("reset", where)));
        assertFalse(Files.exists(dataDir));
    }

    @Test
    void startReportsWhyTheServerDiedWithTheLogTail() throws Exception {
        dataDir = work.resolve("busy");
        try (var blocker = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            Output start = capture(() -> Main.run("start", "--port", String.valueOf(blocker.getLocalPort()),
                    "--data-dir", dataDir.toString()));
            assertEquals(1, start.code());
            assertTrue(start.text().contains("cannot listen on 127.0.0.1:" + blocker.getLocalPort()), start.text());
        }
    }

    @Test
    void resetRefusesADirectoryWithForeignFiles() throws Exception {
        Path dir = Files.createDirectories(work.resolve("mine"));
        Files.writeString(dir.resolve("thesis.tex"), "precious");
        assertEquals(1, Main.run("reset", "--data-dir", dir.toString()));
        assertTrue(Files.exists(dir.resolve("thesis.tex")));
    }

    @Test
    void aServerKilledWithSigkillCanBeRestartedAtOnceAndLeftNothingInTmp() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self")), "needs /proc (Linux)");
        dataDir = work.resolve("killed");
        // The server's parent never reaps it (as an init that does not, in a container): kill -9 leaves a zombie.
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process parent = new ProcessBuilder("/bin/sh", "-c", "'" + java + "' -cp '" + System.getProperty("java.class.path")
                + "' " + Main.class.getName() + " serve --port 0 --data-dir '" + dataDir + "' >/dev/null 2>&1 & exec sleep 600")
                .start();
        try {
            long pid = awaitServer();
            String maps = Files.readString(Path.of("/proc", String.valueOf(pid), "maps"));
            assertTrue(maps.contains(dataDir.resolve("dynamodb").resolve("native").toString()), "SQLite from the data dir");
            assertFalse(maps.lines().anyMatch(l -> l.contains("sqlite4java") && !l.contains(dataDir.toString())),
                    "no copy of SQLite's library outside the data dir (DynamoDB Local's loader would put one in /tmp)");
            ProcessHandle.of(pid).orElseThrow().destroyForcibly();
            Path stat = Path.of("/proc", String.valueOf(pid), "stat");
            long deadline = System.nanoTime() + 60_000_000_000L; // generous: a loaded machine
            while (!Files.readString(stat).contains(") Z ") && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(Files.readString(stat).contains(") Z "), "the killed server is a zombie");

            assertEquals(0, Main.run("start", "--port", "0", "--data-dir", dataDir.toString()), "restarts at once");
            long restarted = Long.parseLong(Files.readString(dataDir.resolve(Lifecycle.PID_FILE)).trim());
            assertTrue(restarted != pid);
            assertTrue(Lifecycle.health(Files.readString(dataDir.resolve(Lifecycle.ENDPOINT_FILE)).trim()).isPresent());
        } finally {
            parent.destroyForcibly();
        }
    }

    /** The pid of the server once it answers and DynamoDB Local (which loads SQLite) runs. */
    private long awaitServer() throws Exception {
        for (int i = 0; i < 1200; i++) {
            if (Files.exists(dataDir.resolve(Lifecycle.ENDPOINT_FILE))) {
                var health = Lifecycle.health(Files.readString(dataDir.resolve(Lifecycle.ENDPOINT_FILE)).trim());
                if (health.isPresent() && health.get().path("services").path("dynamodb").asText().equals("running")) {
                    return health.get().path("pid").asLong();
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the server did not become healthy within 120 s");
    }

    record Output(int code, String text) {
    }

    private static Output capture(java.util.function.IntSupplier command) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
        try {
            int code = command.getAsInt();
            return new Output(code, bytes.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    private static String[] concat(String command, String[] rest) {
        String[] all = new String[rest.length + 1];
        all[0] = command;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

}
