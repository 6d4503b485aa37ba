package dev.dmapworkbook.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One lab run exactly as a learner types it: {@code ./jbang labs/NN-name/Lab.java …}, output captured. */
record LabRun(String lab, int exitCode, String output, String transcript, Duration took) {

    /**
     * An environment in which the SDK's default chain finds no credentials (no ~/.aws under {@code home}, no instance
     * role, no AWS_* keys), for runs of {@code --target aws} that must refuse cleanly. Null values unset a variable.
     */
    static Map<String, String> withoutAwsCredentials(Path home) {
        Map<String, String> env = new HashMap<>();
        env.put("AWS_CONFIG_FILE", home.resolve("config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("credentials").toString());
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("AWS_REGION", "us-east-1");
        for (String unset : List.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE",
                "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_WEB_IDENTITY_TOKEN_FILE")) {
            env.put(unset, null);
        }
        return env;
    }

    static LabRun run(Path root, Map<String, String> env, String labPath, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(root.resolve("jbang").toString(), labPath));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true);
        env.forEach((k, v) -> {
            if (v == null) {
                builder.environment().remove(k);
            } else {
                builder.environment().put(k, v);
            }
        });
        builder.environment().put("NO_COLOR", "1");
        Path transcriptFile = transcriptFile(root, env, labPath, List.of(args));
        Files.deleteIfExists(transcriptFile);
        long t0 = System.nanoTime();
        Process process = builder.start();
        Path log = Files.createTempFile("lab", ".log");
        // Drain the output on another thread so a stuck lab cannot block us past the timeout.
        Thread drain = new Thread(() -> {
            try (var in = process.getInputStream()) {
                Files.copy(in, log, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException ignored) {
                // the process ended
            }
        });
        drain.start();
        boolean done = process.waitFor(15, TimeUnit.MINUTES);
        if (!done) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        drain.join(10_000);
        String output = Files.readString(log, StandardCharsets.UTF_8);
        Files.deleteIfExists(log);
        String transcript = Files.isRegularFile(transcriptFile) ? Files.readString(transcriptFile) : "";
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        System.out.printf("%n===== %s (exit %s, %.1f s) =====%n%s%n", labPath, done ? process.exitValue() : "timeout",
                took.toMillis() / 1000.0, output);
        return new LabRun(labPath, done ? process.exitValue() : -1, output, transcript, took);
    }

    /**
     * Where the lab writes its transcript (labs/README.md, "What each run leaves behind"): the local cloud's data
     * dir (--data-dir, else WORKBOOK_DATA_DIR, else .localcloud), or .workbook/aws/ for an AWS run that stopped
     * before it knew the account.
     */
    static Path transcriptFile(Path root, Map<String, String> env, String labPath, List<String> args) {
        Path script = Path.of(labPath);
        String lab = script.getParent().getFileName().toString().equals("labs") ? "run-all" : script.getParent().getFileName().toString();
        if (args.contains("aws") || args.contains("--target=aws")) {
            return root.resolve(".workbook/aws").resolve(lab).resolve("transcript.md");
        }
        String dataDir = null;
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("--data-dir") && i + 1 < args.size()) {
                dataDir = args.get(i + 1);
            } else if (args.get(i).startsWith("--data-dir=")) {
                dataDir = args.get(i).substring("--data-dir=".length());
            }
        }
        if (dataDir == null) {
            dataDir = env.getOrDefault("WORKBOOK_DATA_DIR", root.resolve(".localcloud").toString());
        }
        return Path.of(dataDir).resolve("workbook").resolve(lab).resolve("transcript.md");
    }

    long passedChecks() {
        return output.lines().filter(l -> l.startsWith("✓ ")).count();
    }

    List<String> failedChecks() {
        return output.lines().filter(l -> l.startsWith("✗ ")).toList();
    }
}
