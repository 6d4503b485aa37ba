//DEPS software.amazon.awssdk:sfn

import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.StateMachineListItem;
import software.amazon.awssdk.services.sfn.model.StateMachineType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code FindHighPrecipitationWorkflow}: the state machine the learner creates in lab 02 (it is not part of the
 * stack, as in the workshop) from a definition file whose {@code ${OutputKey}} placeholders are the stack's outputs.
 */
final class Workflow {
    static final String NAME = "FindHighPrecipitationWorkflow";
    static final String PREFIX = "csv/by_station";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9]+)}");
    /**
     * Labs 02 and 03 ship each definition twice: {@code NAME.asl.json} in JSONPath, as the workshop wrote it, and
     * {@code NAME.jsonata.asl.json} in JSONata, as today's Workflow Studio writes it; the same failure and the same fix.
     */
    static final LabOptions.Option QUERY_LANGUAGE = Workbook.option("--query-language", "jsonpath|jsonata",
            "which definition to use: the JSONPath one (default) or the JSONata one");

    /** Whether the learner asked for the JSONata definitions ({@code --query-language jsonata}). */
    static boolean jsonata(Workbook book) {
        String language = book.value(QUERY_LANGUAGE.name()).orElse("jsonpath");
        if (!language.equals("jsonpath") && !language.equals("jsonata")) {
            throw book.stop("--query-language must be jsonpath or jsonata, not '" + language + "'");
        }
        return language.equals("jsonata");
    }

    /** The definition file {@code NAME.asl.json} or {@code NAME.jsonata.asl.json} in {@code dir}, by the query language. */
    static Path file(Workbook book, Path dir, String name) {
        return dir.resolve(name + (jsonata(book) ? ".jsonata" : "") + ".asl.json");
    }

    private Workflow() {
    }

    /** The definition file's text with every {@code ${OutputKey}} replaced by the stack's output. */
    static String definition(Workbook book, Path file, Map<String, String> outputs) throws IOException {
        String text = Files.readString(file);
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = outputs.get(m.group(1));
            book.require(value != null, book.displayPath(file) + " uses ${" + m.group(1) + "} but the stack has no such output");
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    static Optional<String> find(SfnClient sfn) {
        return sfn.listStateMachinesPaginator(r -> r.maxResults(100)).stateMachines().stream()
                .filter(s -> s.name().equals(NAME)).map(StateMachineListItem::stateMachineArn).findFirst();
    }

    static String require(Workbook book, SfnClient sfn) {
        return find(sfn).orElseThrow(() -> book.stop("the state machine " + NAME + " does not exist: run lab 02 first"));
    }

    /** Creates the state machine, or updates its definition and role when it exists (reruns are safe). */
    static String createOrUpdate(Workbook book, SfnClient sfn, String definition, String roleArn) {
        Optional<String> existing = find(sfn);
        if (existing.isPresent()) {
            sfn.updateStateMachine(r -> r.stateMachineArn(existing.get()).definition(definition).roleArn(roleArn));
            book.println("  UpdateStateMachine " + existing.get() + " (it existed: its definition is replaced)");
            return existing.get();
        }
        String arn = sfn.createStateMachine(r -> r.name(NAME).type(StateMachineType.STANDARD).definition(definition)
                .roleArn(roleArn)).stateMachineArn();
        book.println("  CreateStateMachine " + arn);
        return arn;
    }
}
