///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//DEPS software.amazon.awssdk:bom:2.41.28@pom
//DEPS software.amazon.awssdk:dynamodb software.amazon.awssdk:cloudformation
//SOURCES ../common/Workbook.java ../common/Stack.java ../common/Dataset.java
//MAIN Verify
//DESCRIPTION Lab 04 — check every station's result in DynamoDB against an independent computation.

import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

class Verify {
    record Recomputed(Dataset dataset, Map<String, Double> values) {
    }

    // the notebook: its numbered cells in order, as in the README (long, and read top to bottom; each cell is short)
    public static void main(String[] args) throws Exception {
        var book = Workbook.open(args, "04-verify", "Lab 04 — Verify the results",
                "under $0.01 (one table scan)");
        var cfn = book.client(CloudFormationClient.builder());
        var dynamodb = book.client(DynamoDbClient.builder());

        Map<String, Double> stored = book.cell(1, "Scan the results table", "The Lambda wrote one item per station: "
                + "pk = the station id, PRCP = its highest daily precipitation in tenths of mm.", () -> {
            var stack = Stack.require(book, cfn, "lab 01");
            String table = stack.output(book, Stack.RESULTS_TABLE, "lab 01");
            Map<String, Double> items = new TreeMap<>();
            int malformed = 0;
            for (Map<String, AttributeValue> item : dynamodb.scanPaginator(r -> r.tableName(table)).items()) {
                AttributeValue pk = item.get("pk");
                AttributeValue prcp = item.get("PRCP");
                if (pk == null || pk.s() == null || prcp == null || prcp.n() == null) {
                    malformed++;
                    continue;
                }
                items.put(pk.s(), Double.parseDouble(prcp.n()));
            }
            book.printf("  %s: %,d items", table, items.size());
            book.require(!items.isEmpty(), "the table is empty: run lab 03 first");
            book.check("every item has pk (S) and PRCP (N)", malformed == 0, malformed == 0 ? null : malformed + " items do not");
            book.link("the table " + table, book.console().table(table));
            return items;
        });

        var recomputed = book.cell(2, "Recompute from the files on disk", "Independently of the Lambda: for each "
                + "station file lab 01 unpacked, the largest PRCP value, starting from 0, flags ignored; a file without "
                + "PRCP rows gives no item.", () -> {
            var dataset = Dataset.load(book);
            Map<String, Double> values = new TreeMap<>();
            int withoutPrcp = 0;
            for (Path file : dataset.files()) {
                var e = Dataset.expected(file);
                if (e.max().isPresent()) {
                    values.put(e.station(), e.max().getAsDouble());
                } else {
                    withoutPrcp++;
                }
            }
            book.fields(Workbook.ordered("dataset", dataset.source(), "station files", dataset.files().size(),
                    "stations with PRCP rows", values.size(), "files without PRCP rows", withoutPrcp));
            book.check(String.format("computed %,d expected values", values.size()), !values.isEmpty());
            return new Recomputed(dataset, values);
        });
        var dataset = recomputed.dataset();
        var expected = recomputed.values();

        book.cell(3, "Compare", "Every stored value against the recomputed one: matches, different values, stations "
                + "without an item (missing) and items of stations that are not in the dataset (unexpected).", () -> {
            var comparison = Comparison.of(expected, stored);
            book.table(List.of("", "count"), List.of(List.of("matches", comparison.matches()),
                    List.of("different values", comparison.different().size()), List.of("missing items", comparison.missing().size()),
                    List.of("unexpected items", comparison.unexpected().size())));
            if (!comparison.different().isEmpty()) {
                book.table(List.of("station", "expected", "stored"), comparison.different().subList(0, Math.min(10, comparison.different().size())));
            }
            comparison.explain(book);
            book.check(String.format("0 mismatches: all %,d stations match", comparison.matches()),
                    comparison.mismatches() == 0 && comparison.matches() == expected.size(), comparison.mismatches() + " mismatches");
        });

        book.cell(4, "The ten wettest stations", "PRCP is in tenths of mm: 1,000 means 100 mm in one day.", () -> {
            List<List<?>> rows = new ArrayList<>();
            var top = stored.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder())).limit(10).toList();
            int rank = 1;
            for (var e : top) {
                rows.add(List.of(rank++, e.getKey(), (long) (double) e.getValue(), String.format("%.1f mm", e.getValue() / 10)));
            }
            book.table(List.of("#", "station", "PRCP (0.1 mm)", "in mm"), rows);
            book.picture("The ten wettest stations", Charts.bars("The ten wettest stations", "largest daily precipitation (mm)",
                    top.stream().map(Map.Entry::getKey).toList(), top.stream().map(e -> e.getValue() / 10).toList()));
            book.picture("Every station's largest daily precipitation", Charts.histogram("Every station's largest daily "
                    + "precipitation", "mm in one day", stored.values().stream().mapToDouble(v -> v / 10).toArray(), 25));
            long zeros = stored.values().stream().filter(v -> v == 0).count();
            book.printf("  %,d items, %,d of them 0 (stations that never recorded rain in the sample)", stored.size(), zeros);
            if (dataset.isWorkshopZip()) {
                book.check("the workshop's figures: 1,003 items, 61 of them 0", stored.size() == 1003 && zeros == 61,
                        stored.size() + " items, " + zeros + " zeros");
            } else {
                book.println("  (a generated dataset: the workshop's 1,003 items / 61 zeros apply to its noah.zip)");
            }
            book.check("ten wettest listed", rows.size() == Math.min(10, stored.size()));
        });

        book.cell(5, "What NOAA's quality flags say", "The workshop's function ignores the quality flag (Q_FLAG) of each "
                + "reading, and the result above keeps that. GHCN-Daily flags the readings that failed a quality check: X "
                + "the bounds check, G the gap check, … (GHCN-Daily readme, section III). First the ten wettest values "
                + "with their readings, then the ten wettest stations counting only readings without a flag.", () -> {
            Map<String, Path> files = new TreeMap<>();
            dataset.files().forEach(f -> files.put(Dataset.station(f), f));
            var top = stored.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder())).limit(10).toList();
            List<List<?>> rows = new ArrayList<>();
            int found = 0;
            int flagged = 0;
            for (var e : top) {
                Path file = files.get(e.getKey());
                var reading = file == null ? java.util.Optional.<Dataset.Reading>empty() : Dataset.wettest(file, false);
                boolean same = reading.isPresent() && reading.get().value() == e.getValue();
                found += same ? 1 : 0;
                flagged += same && reading.get().flagged() ? 1 : 0;
                rows.add(List.of(rows.size() + 1, e.getKey(), (long) (double) e.getValue(), same ? day(reading.get().date()) : "?",
                        same ? flagMeaning(reading.get().qualityFlag()) : "no such reading in " + e.getKey() + ".csv"));
            }
            book.table(List.of("#", "station", "PRCP (0.1 mm)", "date", "Q_FLAG"), rows);
            book.printf("  %d of the ten wettest values carry a quality flag", flagged);
            List<Dataset.Reading> clean = new ArrayList<>();
            for (Path file : files.values()) {
                Dataset.wettest(file, true).ifPresent(clean::add);
            }
            clean.sort(Comparator.comparingDouble(Dataset.Reading::value).reversed());
            List<List<?>> cleanRows = new ArrayList<>();
            for (var r : clean.subList(0, Math.min(10, clean.size()))) {
                cleanRows.add(List.of(cleanRows.size() + 1, r.station(), (long) r.value(), String.format("%.1f mm", r.value() / 10), day(r.date())));
            }
            book.println("  the ten wettest without flagged readings:");
            book.table(List.of("#", "station", "PRCP (0.1 mm)", "in mm", "date"), cleanRows);
            book.check("each of the ten wettest values is a reading of its station's file (its date and flag shown)",
                    found == top.size(), (top.size() - found) + " are not");
        });

        System.exit(book.finish());
    }

    /** GHCN-Daily's YYYYMMDD as YYYY-MM-DD. */
    static String day(String date) {
        return date.length() == 8 ? date.substring(0, 4) + "-" + date.substring(4, 6) + "-" + date.substring(6) : date;
    }

    /** GHCN-Daily Q_FLAG values (readme, section III), blank = passed every check. */
    static String flagMeaning(String flag) {
        String meaning = switch (flag) {
            case "" -> "(none)";
            case "D" -> "failed duplicate check";
            case "G" -> "failed gap check";
            case "I" -> "failed internal consistency check";
            case "K" -> "failed streak/frequent-value check";
            case "L" -> "failed check on length of multiday period";
            case "M" -> "failed megaconsistency check";
            case "N" -> "failed naught check";
            case "O" -> "failed climatological outlier check";
            case "R" -> "failed lagged range check";
            case "S" -> "failed spatial consistency check";
            case "T" -> "failed temporal consistency check";
            case "W" -> "temperature too warm for snow";
            case "X" -> "failed bounds check";
            case "Z" -> "flagged by a Datzilla investigation";
            default -> "unknown flag";
        };
        return flag.isEmpty() ? meaning : flag + " (" + meaning + ")";
    }

    /** Lab 04's comparison: what matches, what differs, what is missing from the table and what should not be in it. */
    record Comparison(int matches, List<List<?>> different, List<String> missing, List<String> unexpected) {
        static Comparison of(Map<String, Double> expected, Map<String, Double> stored) {
            int matches = 0;
            List<List<?>> different = new ArrayList<>();
            List<String> missing = new ArrayList<>();
            for (var e : expected.entrySet()) {
                Double got = stored.get(e.getKey());
                if (got == null) {
                    missing.add(e.getKey());
                } else if (Math.abs(got - e.getValue()) > 1e-9) {
                    different.add(List.of(e.getKey(), fmt(e.getValue()), fmt(got)));
                } else {
                    matches++;
                }
            }
            List<String> unexpected = stored.keySet().stream().filter(k -> !expected.containsKey(k)).toList();
            return new Comparison(matches, different, missing, unexpected);
        }

        int mismatches() {
            return different.size() + missing.size() + unexpected.size();
        }

        /** Says what each kind of mismatch means and which lab to rerun. */
        void explain(Workbook book) {
            if (!missing.isEmpty()) {
                book.printf("  missing: %,d stations of the dataset have no item (first: %s): the last run of lab 03 did not "
                        + "process them; run lab 03 again", missing.size(), String.join(", ", missing.subList(0, Math.min(3, missing.size()))));
            }
            if (!unexpected.isEmpty()) {
                book.printf("  unexpected: %,d items are of stations that are not in the dataset on disk (first: %s): the table "
                        + "holds an earlier dataset's results; run lab 01 again (it empties the table when the dataset "
                        + "changes), then lab 03", unexpected.size(), String.join(", ", unexpected.subList(0, Math.min(3, unexpected.size()))));
            }
            if (!different.isEmpty()) {
                book.printf("  different values: %,d stations were computed from other files than the ones on disk: "
                        + "run lab 01 again, then lab 03", different.size());
            }
        }
    }

    static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
