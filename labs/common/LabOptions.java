import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A lab's command line: the options every lab accepts, the lab's own, parsing and {@code --help}. */
final class LabOptions {
    static final String LOCAL_DEFAULT_ENDPOINT = "http://127.0.0.1:4566";

    /** A command-line option a lab accepts besides the common ones. */
    record Option(String name, String argName, String help) {
        boolean takesValue() {
            return argName != null;
        }
    }

    private static final List<Option> COMMON = List.of(
            new Option("--target", "local|aws", "where to run (default local; env WORKBOOK_TARGET)"),
            new Option("--endpoint", "URL", "local cloud endpoint (default " + LOCAL_DEFAULT_ENDPOINT + "; env WORKBOOK_ENDPOINT)"),
            new Option("--data-dir", "DIR", "local cloud data directory (default .localcloud; env WORKBOOK_DATA_DIR)"),
            new Option("--region", "REGION", "AWS region (local default us-east-1; aws: the default region chain)"),
            new Option("--yes", null, "do not ask before creating or deleting resources on AWS"),
            new Option("--step", null, "instructor mode: each cell waits; Enter runs it, s skips, q quits, a number jumps"),
            new Option("--plain", null, "no colours or progress bars (also NO_COLOR, or when output is not a terminal)"),
            new Option("--help", null, "show this help"));

    private final List<Option> options;
    private final Map<String, String> values = new LinkedHashMap<>();

    private LabOptions(List<Option> options) {
        this.options = options;
    }

    /** The common options and {@code labOptions}, parsed from {@code args}; a bad command line is an IllegalArgumentException. */
    static LabOptions parse(String[] args, Option... labOptions) {
        List<Option> all = new ArrayList<>(COMMON);
        all.addAll(Arrays.asList(labOptions));
        LabOptions parsed = new LabOptions(all);
        parsed.read(args);
        return parsed;
    }

    /**
     * The lab's command line: a bad one prints why and exits 2; {@code --help} prints {@link #usage} (what the lab
     * does, from its {@code script}'s {@code //DESCRIPTION}, and what it needs first, from {@link Labs}) and exits 0.
     */
    static LabOptions forLab(String[] args, String labId, String title, Path root, String script, Option... labOptions) {
        LabOptions options;
        try {
            options = parse(args, labOptions);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("Run with --help for the options.");
            System.exit(2);
            return null;
        }
        if (options.flag("--help")) {
            String needs = Labs.find(labId).map(l -> l.needs().isEmpty() ? l.needsWhy() : l.needsWhy()
                    + "; ./jbang labs/RunAll.java --prepare " + l.number() + " runs lab" + (l.needs().size() == 1 ? " " : "s ")
                    + String.join(", ", l.needs()) + " for you").orElse(null);
            options.usage(title, description(root.resolve(script)), needs, "./jbang " + script);
            System.exit(0);
        }
        return options;
    }

    /** The script's {@code //DESCRIPTION} line: what the lab does, in one sentence. */
    private static String description(Path script) {
        try (var lines = Files.lines(script)) {
            return lines.limit(20).filter(l -> l.startsWith("//DESCRIPTION "))
                    .map(l -> l.substring("//DESCRIPTION ".length()).strip().replaceFirst("^Lab [0-9]+ — ", ""))
                    .map(d -> d.isEmpty() ? d : Character.toUpperCase(d.charAt(0)) + d.substring(1)).findFirst().orElse(null);
        } catch (IOException | UncheckedIOException unreadable) {
            return null;
        }
    }

    private void read(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            String key = name;
            Option option = options.stream().filter(o -> o.name().equals(key)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("Unknown option: " + arg));
            if (option.takesValue()) {
                if (value == null) {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("Option " + name + " needs a value (" + option.argName() + ")");
                    }
                    value = args[++i];
                }
                values.put(name, value);
            } else {
                if (value != null) {
                    throw new IllegalArgumentException("Option " + name + " takes no value");
                }
                values.put(name, "true");
            }
        }
    }

    /**
     * What {@code --help} prints: what the lab does ({@code description}), what it needs first ({@code needs}, or
     * null), how to run it, its own options, then the options every lab takes.
     */
    void usage(String title, String description, String needs, String command) {
        System.out.println(title);
        System.out.println();
        if (description != null) {
            System.out.println(description);
        }
        if (needs != null) {
            System.out.println("Needs first: " + needs);
        }
        System.out.println();
        System.out.println("Usage: " + command + " [options]");
        List<Option> own = options.stream().filter(o -> !COMMON.contains(o)).toList();
        System.out.println();
        System.out.println(own.isEmpty() ? "Its own options: none" : "Its own options:");
        own.forEach(LabOptions::printOption);
        System.out.println();
        System.out.println("Options every lab takes:");
        COMMON.forEach(LabOptions::printOption);
    }

    private static void printOption(Option o) {
        String left = o.name() + (o.takesValue() ? " " + o.argName() : "");
        System.out.printf("  %-28s %s%n", left, o.help());
    }

    Optional<String> value(String name) {
        return Optional.ofNullable(values.get(name));
    }

    /** The option's value, else the environment variable's, else {@code otherwise}. */
    String valueOrEnv(String name, String env, String otherwise) {
        return value(name).orElse(Optional.ofNullable(System.getenv(env)).orElse(otherwise));
    }

    boolean flag(String name) {
        return values.containsKey(name);
    }
}
