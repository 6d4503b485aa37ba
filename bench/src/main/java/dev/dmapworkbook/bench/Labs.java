package dev.dmapworkbook.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs a lab as a learner does ({@code ./jbang labs/…}) against a given local cloud; its transcript goes to a log. */
final class Labs {
    private Labs() {
    }

    /**
     * Has JBang compile (and cache) the lab's script, without running it: {@code ./jbang script --help}. A learner's
     * second run of a lab starts from this cache ("warm").
     */
    static void compile(Suite suite, CloudProcess cloud, String script) throws Exception {
        run(suite, cloud, script, List.of("--help"));
    }

    /** Wall seconds of the lab; {@link NotMeasured} naming its failed checks when it exits non-zero. */
    static double run(Suite suite, CloudProcess cloud, String script, List<String> args) throws Exception {
        Project project = suite.project();
        if (!Files.isRegularFile(project.root().resolve(script))) {
            throw new NotMeasured(script + " is not on this checkout");
        }
        List<String> command = new ArrayList<>(List.of(project.jbang().toString(), script));
        command.addAll(args);
        command.add("--plain");
        Path log = Files.createDirectories(project.workDir().resolve("logs"))
                .resolve(Path.of(script).getFileName().toString().replace(".java", ".log"));
        ProcessBuilder pb = new ProcessBuilder(command).directory(project.root().toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().put("WORKBOOK_TARGET", "local");
        pb.environment().put("WORKBOOK_ENDPOINT", cloud.endpoint());
        pb.environment().put("WORKBOOK_DATA_DIR", cloud.dataDir.toString());
        pb.environment().put("NO_COLOR", "1");
        long t0 = System.nanoTime();
        int rc = pb.start().waitFor();
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (rc != 0) {
            List<String> lines = Files.readAllLines(log);
            List<String> failed = lines.stream().filter(l -> l.contains("✗")).limit(3).toList();
            List<String> shown = failed.isEmpty() ? lines.subList(Math.max(0, lines.size() - 3), lines.size()) : failed;
            throw new NotMeasured(script + " exited " + rc + " (" + project.root().relativize(log) + "): "
                    + String.join(" ⏎ ", shown.stream().map(String::strip).toList()));
        }
        return seconds;
    }
}
