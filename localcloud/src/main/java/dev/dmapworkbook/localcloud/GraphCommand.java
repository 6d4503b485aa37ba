package dev.dmapworkbook.localcloud;

import dev.dmapworkbook.graph.StateGraph;
import dev.dmapworkbook.localcloud.core.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code graph}: an ASL definition file drawn as the console draws it (laid-out SVG), no server needed. */
@Command(name = "graph", mixinStandardHelpOptions = true,
        description = "Draw a state machine definition (ASL JSON) as the console's SVG graph.")
final class GraphCommand implements Callable<Integer> {
    @Option(names = "--definition", required = true, paramLabel = "FILE", description = "the ASL definition (JSON)")
    Path definition;

    @Option(names = "--out", paramLabel = "FILE", description = "where to write the SVG (default: standard output)")
    Path out;

    @Override
    public Integer call() throws IOException {
        String svg;
        try {
            svg = StateGraph.svg(Files.readString(definition, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            System.err.println("localcloud graph: " + definition + ": " + e.getMessage());
            return 1;
        }
        if (out == null) {
            System.out.print(svg);
        } else {
            AtomicFiles.write(out, svg);
            System.out.println("wrote " + out);
        }
        return 0;
    }
}
