import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * A run as an executed Jupyter notebook (nbformat 4.5, https://nbformat.readthedocs.io/en/latest/format_description.html):
 * per lab cell a markdown cell (number, heading, explanation) and a code cell holding the cell's Java source with
 * its outputs in order: printed text as {@code stream}, tables and diffs as {@code display_data} with
 * {@code text/plain} and {@code text/html}, pictures with {@code image/svg+xml}, a failed check or the failure that
 * stopped the cell as an {@code error}. The metadata names a Java kernel and the run (command, target, time).
 */
final class Notebook {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where the lab ran, for the notebook's metadata. */
    record RunInfo(String lab, Target target, Instant finished) {
    }

    private Notebook() {
    }

    static JsonNode of(RunLog log, RunInfo info) {
        ObjectNode notebook = JSON.createObjectNode();
        notebook.put("nbformat", 4).put("nbformat_minor", 5);
        notebook.set("metadata", metadata(log, info));
        ArrayNode cells = notebook.putArray("cells");
        cells.add(markdown("title", title(log)));
        int execution = 0;
        for (RunLog.Cell cell : log.cells) {
            execution++;
            String text = "## " + Transcript.prose(cell.name())
                    + (cell.explanation == null || cell.explanation.isBlank() ? "" : "\n\n" + Transcript.prose(cell.explanation));
            cells.add(markdown("md-" + execution, text));
            ObjectNode code = cells.addObject();
            code.put("id", "code-" + execution).put("cell_type", "code").put("execution_count", execution);
            code.putObject("metadata").putObject("dmap_workbook").put("cell", cell.number)
                    .put("took", cell.took == null ? "" : cell.took).put("failed", cell.failed);
            code.put("source", cell.source);
            code.set("outputs", outputs(cell));
        }
        cells.add(markdown("summary", ending(log)));
        return notebook;
    }

    static String text(RunLog log, RunInfo info) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(of(log, info)) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode metadata(RunLog log, RunInfo info) {
        ObjectNode metadata = JSON.createObjectNode();
        metadata.putObject("kernelspec").put("name", "java").put("display_name", "Java").put("language", "java");
        metadata.putObject("language_info").put("name", "java").put("version", System.getProperty("java.version"))
                .put("mimetype", "text/x-java").put("file_extension", ".java").put("codemirror_mode", "text/x-java");
        ObjectNode run = metadata.putObject("dmap_workbook");
        run.put("lab", info.lab()).put("title", log.title).put("command", log.command);
        Target target = info.target();
        if (target != null) {
            run.put("target", target.local() ? "local" : "aws").put("region", target.region().id());
            run.put("endpoint", target.endpoint() == null ? null : target.endpoint().toString());
            run.put("account", target.account());
        }
        run.put("started", log.started.truncatedTo(ChronoUnit.SECONDS).toString());
        run.put("finished", info.finished().truncatedTo(ChronoUnit.SECONDS).toString());
        run.put("summary", log.summary).put("passed", log.passed());
        if (log.lastGood != null) {
            run.put("last_good", log.lastGood);
        }
        return metadata;
    }

    private static String title(RunLog log) {
        StringBuilder md = new StringBuilder();
        if (log.lastGood != null) {
            md.append("> **This run failed.** The last good run's transcript and notebook are kept in `")
                    .append(log.lastGood).append("`.\n\n");
        }
        md.append("# ").append(log.title).append("\n\n");
        md.append("Run ").append(log.started.truncatedTo(ChronoUnit.SECONDS)).append(" · `").append(log.command).append("`");
        log.notes.forEach(note -> md.append("  \n").append(note));
        return md.toString();
    }

    private static String ending(RunLog log) {
        StringBuilder md = new StringBuilder("---\n");
        log.afterCells.forEach(line -> md.append("\n").append(line).append("\n"));
        md.append("\n**").append(log.summary == null ? "the run stopped before its summary" : log.summary).append("**");
        return md.toString();
    }

    private static ObjectNode markdown(String id, String text) {
        ObjectNode cell = JSON.createObjectNode();
        cell.put("id", id).put("cell_type", "markdown");
        cell.putObject("metadata");
        cell.put("source", text);
        return cell;
    }

    /** The cell's outputs in order; consecutive printed text is one stream. */
    private static ArrayNode outputs(RunLog.Cell cell) {
        ArrayNode outputs = JSON.createArrayNode();
        List<String> stream = new ArrayList<>();
        for (RunLog.Output output : cell.outputs) {
            if (output instanceof RunLog.Text || output instanceof RunLog.Json
                    || output instanceof RunLog.Check check && check.ok()) {
                stream.addAll(output.lines());
                continue;
            }
            flush(stream, outputs);
            if (output instanceof RunLog.Check check) {
                outputs.add(error("CheckFailed", check.line().substring(2), check.line()));
            } else if (output instanceof RunLog.Failure failure) {
                outputs.add(error("CellFailed", failure.line().substring(2), failure.line()));
            } else if (output instanceof RunLog.Table table) {
                outputs.add(display(table.lines(), "text/html", Html.table(table)));
            } else if (output instanceof RunLog.Diff diff) {
                outputs.add(display(diff.lines(), "text/html", Html.diff(diff.lines())));
            } else if (output instanceof RunLog.Picture picture) {
                outputs.add(display(picture.lines(), "image/svg+xml", picture.svg()));
            } else if (output instanceof RunLog.ConsoleLink link) {
                outputs.add(display(link.lines(), "text/html", Html.consoleLink(link)));
            }
        }
        flush(stream, outputs);
        return outputs;
    }

    private static void flush(List<String> stream, ArrayNode outputs) {
        if (!stream.isEmpty()) {
            outputs.addObject().put("output_type", "stream").put("name", "stdout").put("text", String.join("\n", stream) + "\n");
            stream.clear();
        }
    }

    private static ObjectNode display(List<String> plain, String mime, String rich) {
        ObjectNode output = JSON.createObjectNode();
        output.put("output_type", "display_data");
        output.putObject("data").put("text/plain", String.join("\n", plain)).put(mime, rich);
        output.putObject("metadata");
        return output;
    }

    private static ObjectNode error(String name, String value, String line) {
        ObjectNode output = JSON.createObjectNode();
        output.put("output_type", "error").put("ename", name).put("evalue", value);
        output.putArray("traceback").add(line);
        return output;
    }
}
