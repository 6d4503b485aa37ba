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

        book.cell(3, "Compare", "Every stored value against the recomputed one.", () -> {
            List<List<?>> differences = new ArrayList<>();
            int matches = 0;
            for (var e : expected.entrySet()) {
                Double got = stored.get(e.getKey());
                if (got == null) {
                    differences.add(List.of(e.getKey(), fmt(e.getValue()), "missing"));
                } else if (Math.abs(got - e.getValue()) > 1e-9) {
                    differences.add(List.of(e.getKey(), fmt(e.getValue()), fmt(got)));
                } else {
                    matches++;
                }
            }
            for (var e : stored.entrySet()) {
                if (!expected.containsKey(e.getKey())) {
                    differences.add(List.of(e.getKey(), "no item expected", fmt(e.getValue())));
                }
            }
            book.table(List.of("", "count"), List.of(List.of("matches", matches), List.of("mismatches", differences.size())));
            if (!differences.isEmpty()) {
                book.table(List.of("station", "expected", "stored"), differences.subList(0, Math.min(10, differences.size())));
            }
            book.check(String.format("0 mismatches: all %,d stations match", matches), differences.isEmpty() && matches == expected.size());
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

        System.exit(book.finish());
    }

    static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
