package dev.dmapworkbook.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Issue 9 item 4: the interpreter core against a peer, the npm package {@code aws-local-stepfunctions} (installed
 * from the npm registry into bench/target at run time, never committed), on the same definition and input: an
 * inline Map of Pass states over 10,000 and 100,000 items. Both warm up in their own process first. Time: parse
 * plus run, input built beforehand. Memory: ours, the JVM heap in use at the peak above what was in use before
 * the run; Node's, the process's peak RSS above its RSS before the run (both printed whole too).
 */
final class InterpreterVsPeer implements Benchmark {
    static final String PEER = "aws-local-stepfunctions";
    static final String PEER_VERSION = "3.0.0";
    static final String DEFINITION = """
            {"StartAt": "Each", "States": {"Each": {"Type": "Map", "ItemsPath": "$.items",
              "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"},
                "StartAt": "Pass", "States": {"Pass": {"Type": "Pass", "End": true}}}, "End": true}}}""";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String PEER_SCRIPT = """
            import { StateMachine } from 'aws-local-stepfunctions';
            import { readFileSync } from 'node:fs';
            const [definitionFile, size, warmups] = process.argv.slice(2);
            const definition = JSON.parse(readFileSync(definitionFile, 'utf8'));
            const input = n => ({ items: Array.from({ length: n }, (_, i) => ({ id: i, name: 'item-' + i })) });
            const options = { validationOptions: { checkPaths: false, checkArn: false } };
            for (let i = 0; i < Number(warmups); i++) {
              await new StateMachine(definition, options).run(input(1000)).result;
            }
            // Linux: VmHWM is this process's own peak RSS. (resourceUsage().maxRSS is not: after fork+exec it starts
            // from the parent's peak, here the JVM that started node.)
            const status = () => { try { return readFileSync('/proc/self/status', 'utf8'); } catch { return ''; } };
            const hwm = () => { const m = status().match(/VmHWM:\\s+(\\d+)/); return m ? Number(m[1]) * 1024 : process.resourceUsage().maxRSS * 1024; };
            const rss = () => { const m = status().match(/VmRSS:\\s+(\\d+)/); return m ? Number(m[1]) * 1024 : process.memoryUsage().rss; };
            const items = input(Number(size));
            const rssBefore = rss();
            const t0 = process.hrtime.bigint();
            const result = await new StateMachine(definition, options).run(items).result;
            const ms = Number(process.hrtime.bigint() - t0) / 1e6;
            const peakRss = hwm();
            console.log(JSON.stringify({ ms, results: result.length, rssBeforeMiB: rssBefore / 1048576, peakRssMiB: peakRss / 1048576 }));
            """;

    @Override
    public void run(Suite suite) throws Exception {
        Options o = suite.options();
        int small = o.size(10_000, 1_000);
        int large = o.size(100_000, 10_000);
        Path peer = null;
        String peerProblem = null;
        try {
            peer = installPeer(suite.project());
        } catch (NotMeasured e) {
            peerProblem = e.getMessage();
            suite.report().notMeasured(PEER, peerProblem);
        }
        try (InterpreterCore ours = new InterpreterCore()) {
            JsonNode warmInput = InterpreterCore.items(1_000);
            for (int i = 0; i < 20; i++) {
                ours.run(DEFINITION, warmInput, warmInput.path("items"));
            }
            measure(suite, ours, peer, small, "Small");
            measure(suite, ours, peer, large, "Large");
        }
    }

    private void measure(Suite suite, InterpreterCore ours, Path peer, int n, String size) throws Exception {
        Report report = suite.report();
        String items = String.format("%,d items", n);
        Figure oursMs = report.figure("ours" + size, "inline Map " + items + ": ours", "ms", null);
        Figure oursHeap = report.figure("oursHeap" + size, "inline Map " + items + ": ours, peak heap in use", "MiB", null);
        Figure oursGrowth = report.figure("oursGrowth" + size, "inline Map " + items + ": ours, peak heap above before", "MiB", null);
        Figure nodeMs = report.figure("node" + size, "inline Map " + items + ": Node " + PEER, "ms", null);
        Figure nodeRss = report.figure("nodeRss" + size, "inline Map " + items + ": Node, peak RSS", "MiB", null);
        Figure nodeGrowth = report.figure("nodeGrowth" + size, "inline Map " + items + ": Node, peak RSS above before", "MiB", null);
        Figure speedup = report.figure("speedup" + size, "inline Map " + items + ": speed-up (Node time ÷ ours)", "×", Goal.atLeast(3, "×"));
        Figure memory = report.figure("memory" + size, "inline Map " + items + ": memory (ours ÷ Node, above before)", "×",
                Goal.atMost(1 / 3.0, "×"));
        JsonNode input = InterpreterCore.items(n);
        for (int run = 0; run < suite.options().runs(); run++) {
            InterpreterCore.Sample sample = ours.run(DEFINITION, input, input.path("items"));
            oursMs.add(sample.millis());
            oursHeap.add(sample.peakHeapMiB());
            oursGrowth.add(sample.heapGrowthMiB());
            String line = String.format("  %s, run %d: ours %.0f ms, peak heap %.0f MiB (+%.0f)", items, run + 1, sample.millis(),
                    sample.peakHeapMiB(), sample.heapGrowthMiB());
            JsonNode node = null;
            if (peer != null) {
                try {
                    node = runPeer(peer, n);
                } catch (NotMeasured e) {
                    report.notMeasured("Node " + PEER + " over " + items, e.getMessage());
                    peer = null;
                }
            }
            if (node != null) {
                nodeMs.add(node.path("ms").asDouble());
                nodeRss.add(node.path("peakRssMiB").asDouble());
                double growth = node.path("peakRssMiB").asDouble() - node.path("rssBeforeMiB").asDouble();
                nodeGrowth.add(growth);
                speedup.add(node.path("ms").asDouble() / sample.millis());
                memory.add(sample.heapGrowthMiB() / growth);
                line += String.format("; Node %.0f ms, peak RSS %.0f MiB (+%.0f)", node.path("ms").asDouble(),
                        node.path("peakRssMiB").asDouble(), growth);
            }
            System.out.println(line);
        }
        for (String key : List.of("ours", "oursHeap", "oursGrowth", "node", "nodeRss", "nodeGrowth", "speedup", "memory")) {
            report.show(key + size);
        }
    }

    private static JsonNode runPeer(Path dir, int n) throws Exception {
        Process node = new ProcessBuilder("node", "peer.mjs", "definition.json", Integer.toString(n), "3")
                .directory(dir.toFile()).redirectErrorStream(true).start();
        byte[] out = node.getInputStream().readAllBytes();
        if (!node.waitFor(30, TimeUnit.MINUTES) || node.exitValue() != 0) {
            throw new NotMeasured("node " + PEER + " over " + n + " items failed: " + tail(new String(out, StandardCharsets.UTF_8)));
        }
        String text = new String(out, StandardCharsets.UTF_8).strip();
        JsonNode result = JSON.readTree(text.substring(text.lastIndexOf("\n{") + 1));
        if (result.path("results").asInt() != n) {
            throw new NotMeasured("node " + PEER + " returned " + result.path("results").asInt() + " results, not " + n);
        }
        return result;
    }

    /** npm install into bench/target/work/peer (once), the definition and the driver script beside it. */
    private static Path installPeer(Project project) throws Exception {
        Path dir = project.workDir().resolve("peer");
        Files.createDirectories(dir);
        if (!Files.isDirectory(dir.resolve("node_modules").resolve(PEER))) {
            Process install;
            try {
                install = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "--silent", "--prefix", dir.toString(),
                        PEER + "@" + PEER_VERSION).redirectErrorStream(true).start();
            } catch (IOException e) {
                throw new NotMeasured("npm is not installed here (Node.js 20 or newer is needed for the peer)");
            }
            String out = new String(install.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (install.waitFor() != 0) {
                throw new NotMeasured("npm install " + PEER + "@" + PEER_VERSION + " failed: " + tail(out));
            }
        }
        Files.writeString(dir.resolve("definition.json"), DEFINITION);
        Files.writeString(dir.resolve("peer.mjs"), PEER_SCRIPT);
        return dir;
    }

    private static String tail(String text) {
        String t = text.strip();
        return t.length() <= 300 ? t : "…" + t.substring(t.length() - 300);
    }
}
