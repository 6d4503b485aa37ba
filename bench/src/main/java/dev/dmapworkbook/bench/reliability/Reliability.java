package dev.dmapworkbook.bench.reliability;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code java -cp bench/target/bench.jar dev.dmapworkbook.bench.reliability.Reliability [--quick] [--only a,b]}: what
 * the local cloud keeps and refuses under {@code kill -9}, Lambda faults, malformed input and load, as figures
 * (tried / survived / lost). Each case starts its own local cloud process on 127.0.0.1 and a free port, with a fresh
 * data dir; every wait is bounded. The invariants (nothing confirmed lost, no 5xx or hang for malformed input, other
 * web sites refused) are asserted by {@code ReliabilityTest} at the {@code --quick} sizes; no time is ever asserted.
 */
public final class Reliability {
    /** How big each case is: the full figures, or {@code --quick} (what the tests run). */
    public record Sizes(int confirmedPerWriter, int faultRounds, int malformed, int definitions, int stalled,
                        int clients, int seconds, int expressChildren) {
        public static final Sizes FULL = new Sizes(100, 3, 200, 1000, 300, 100, 30, 10_000);
        public static final Sizes QUICK = new Sizes(20, 1, 200, 200, 300, 20, 5, 1_000);
    }

    static final List<String> CASES = List.of("durability", "faults", "malformed", "definitions", "stalled", "concurrent",
            "express", "origin");

    private Reliability() {
    }

    public static void main(String[] args) throws Exception {
        List<String> argv = Arrays.asList(args);
        if (argv.contains("--help")) {
            System.out.println("usage: Reliability [--quick] [--only " + String.join(",", CASES) + "]");
            return;
        }
        Sizes sizes = argv.contains("--quick") ? Sizes.QUICK : Sizes.FULL;
        int only = argv.indexOf("--only");
        Set<String> selected = only >= 0 && only + 1 < argv.size() ? Set.of(argv.get(only + 1).split(",")) : Set.copyOf(CASES);
        Path dir = Files.createTempDirectory("reliability");
        System.out.println("Reliability of the local cloud" + (sizes == Sizes.QUICK ? " (--quick)" : "") + "; work dir " + dir);
        long t0 = System.nanoTime();
        List<Tally> tallies = new ArrayList<>();
        for (String name : CASES) {
            if (selected.contains(name)) {
                try {
                    List<Tally> found = run(name, dir, sizes);
                    found.forEach(Reliability::print);
                    tallies.addAll(found);
                } catch (Exception e) {
                    System.out.println("  " + name + ": could not run: " + e);
                }
            }
        }
        List<String> broken = tallies.stream().filter(t -> !t.clean()).map(Tally::name).toList();
        System.out.printf(Locale.ROOT, "%n%d cases in %.1f min; invariants %s%n", tallies.size(), (System.nanoTime() - t0) / 60e9,
                broken.isEmpty() ? "held" : "broken by: " + String.join(", ", broken));
        System.exit(0);
    }

    /** Runs one case by name at the given sizes (the tests call this). */
    public static List<Tally> run(String name, Path dir, Sizes sizes) throws Exception {
        return switch (name) {
            case "durability" -> Durability.run(dir, sizes.confirmedPerWriter());
            case "faults" -> List.of(LambdaFaults.run(dir, sizes.faultRounds()));
            case "malformed" -> List.of(MalformedRequests.run(dir, sizes.malformed()));
            case "definitions" -> List.of(MutatedDefinitions.run(dir, sizes.definitions()));
            case "stalled" -> List.of(Load.stalledClients(dir, sizes.stalled()));
            case "concurrent" -> List.of(Load.concurrentClients(dir, sizes.clients(), sizes.seconds()));
            case "express" -> List.of(Load.expressChildren(dir, sizes.expressChildren()));
            case "origin" -> List.of(Load.crossOrigin(dir));
            default -> throw new IllegalArgumentException("no case " + name + "; cases: " + CASES);
        };
    }

    private static void print(Tally tally) {
        System.out.printf(Locale.ROOT, "  %-40s tried %,7d   survived %,7d   lost %,5d   %s%n", tally.name(), tally.tried(),
                tally.survived(), tally.lost(), tally.detail());
    }
}
