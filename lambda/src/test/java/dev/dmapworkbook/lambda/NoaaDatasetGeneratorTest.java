package dev.dmapworkbook.lambda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dmapworkbook.dataset.NoaaDatasetGenerator;
import dev.dmapworkbook.dataset.NoaaDatasetGenerator.Profile;
import dev.dmapworkbook.dataset.NoaaDatasetGenerator.Station;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The offline dataset (labs/dataset/NoaaDatasetGenerator.java): deterministic, in the by_station format, and right. */
class NoaaDatasetGeneratorTest {

    static final Pattern ROW = Pattern.compile(
            "(?<id>[A-Z]{2}[A-Z0-9]\\d{8}),(?<date>\\d{8}),(?<element>[A-Z0-9]{4}),(?<value>-?\\d+),(?<m>[A-Z]?),(?<q>[A-Z]?),(?<s>[A-Za-z0-9]?),");
    static final Set<String> ELEMENTS = Set.of("PRCP", "TMAX", "TMIN", "TAVG", "SNOW", "SNWD", "DAPR", "DWPR", "MDPR");

    @Test
    void theDefaultDatasetHasTheRealProfileAndItsExpectedValuesAreTheParsersResults() {
        var generator = new NoaaDatasetGenerator();
        Map<Profile, Integer> profiles = new EnumMap<>(Profile.class);
        Map<String, Integer> countries = new TreeMap<>();
        int items = 0;
        int zeros = 0;
        int minBytes = Integer.MAX_VALUE;
        int maxBytes = 0;
        for (Station station : generator.stations().toList()) {
            profiles.merge(station.profile(), 1, Integer::sum);
            countries.merge(station.id().substring(0, 2), 1, Integer::sum);
            int bytes = station.csv().getBytes(StandardCharsets.UTF_8).length;
            minBytes = Math.min(minBytes, bytes);
            maxBytes = Math.max(maxBytes, bytes);

            PrecipitationMaxima parsed = StationCsv.read(new StringReader(station.csv()), station.fileName());
            assertEquals(0, parsed.rowsSkipped(), station.id());
            assertEquals(station.rows(), parsed.rows(), station.id());
            assertEquals(station.precipitationRows(), parsed.precipitationRows(), station.id());
            if (station.expectedPrcp().isPresent()) {
                items++;
                zeros += station.expectedPrcp().getAsLong() == 0 ? 1 : 0;
                assertEquals(Map.of(station.id(), Long.toString(station.expectedPrcp().getAsLong())),
                        StationCsvTest.maxima(parsed), station.id());
            } else {
                assertEquals(Map.of(), parsed.maxima(), station.id());
            }
        }
        System.out.printf("Generated dataset (seed %d): %,d files of %,d-%,d bytes, %s, %s -> %,d items, %d of them 0%n",
                NoaaDatasetGenerator.DEFAULT_SEED, generator.size(), minBytes, maxBytes, countries, profiles, items, zeros);
        assertEquals(Map.of("AC", 1, "AG", 6, "AQ", 3, "AS", 995), countries);
        assertEquals(Map.of(Profile.ORDINARY, 934, Profile.NO_PRECIPITATION, 2, Profile.ALL_ZERO, 61, Profile.FLAGGED_MAXIMUM, 8), profiles);
        assertEquals(1003, items);
        assertEquals(61, zeros);
        assertTrue(minBytes >= 3_900 && maxBytes <= 62_000, minBytes + ".." + maxBytes);
    }

    @Test
    void everyFileIsInTheExactByStationFormat() {
        var generator = new NoaaDatasetGenerator(42, 150);
        boolean sawMonthBlocks = false;
        boolean sawMultiDayTotals = false;
        for (Station station : generator.stations().toList()) {
            List<String> lines = station.csv().lines().toList();
            assertTrue(station.csv().endsWith("\n") && !station.csv().contains("\r") && !station.csv().contains("\""), station.id());
            assertEquals(NoaaDatasetGenerator.HEADER, lines.get(0));
            String previousDate = "";
            for (String line : lines.subList(1, lines.size())) {
                var m = ROW.matcher(line);
                assertTrue(m.matches(), station.id() + ": " + line);
                assertEquals(station.id(), m.group("id"));
                assertTrue(ELEMENTS.contains(m.group("element")), line);
                LocalDate.parse(m.group("date"), DateTimeFormatter.BASIC_ISO_DATE);
                sawMonthBlocks |= m.group("date").compareTo(previousDate) < 0;
                sawMultiDayTotals |= m.group("element").equals("MDPR");
                previousDate = m.group("date");
            }
            if (station.profile() == Profile.FLAGGED_MAXIMUM) {
                String max = Long.toString(station.expectedPrcp().orElseThrow());
                assertTrue(lines.stream().anyMatch(l -> l.contains(",PRCP," + max + ",,") && !l.contains(",PRCP," + max + ",,,")),
                        station.id() + ": the maximum carries a Q_FLAG");
            }
        }
        assertTrue(sawMonthBlocks, "some files are in month blocks, not date order");
        assertTrue(sawMultiDayTotals, "some files have multi-day totals");
    }

    @Test
    void theSameSeedGivesTheSameBytesAndAnotherSeedDoesNot(@TempDir Path dir) throws Exception {
        var a = new NoaaDatasetGenerator(99, 40).writeZip(dir.resolve("a"));
        var b = new NoaaDatasetGenerator(99, 40).writeZip(dir.resolve("b"));
        var c = new NoaaDatasetGenerator(100, 40).writeZip(dir.resolve("c"));
        assertArrayEquals(Files.readAllBytes(a.stations()), Files.readAllBytes(b.stations()));
        assertArrayEquals(Files.readAllBytes(a.expected()), Files.readAllBytes(b.expected()));
        assertNotEquals(new NoaaDatasetGenerator(99, 40).stationIds(), new NoaaDatasetGenerator(100, 40).stationIds());
        assertTrue(Files.size(c.stations()) > 0);
    }

    @Test
    void theCommandLineWritesTheStationFilesAndExpectedCsv(@TempDir Path dir) throws Exception {
        NoaaDatasetGenerator.run("--out", dir.toString(), "--stations", "25", "--seed", "3");
        var generator = new NoaaDatasetGenerator(3, 25);
        try (var files = Files.list(dir.resolve("noah"))) {
            assertEquals(generator.stationIds().stream().map(id -> id + ".csv").collect(Collectors.toSet()),
                    files.map(p -> p.getFileName().toString()).collect(Collectors.toSet()));
        }
        Map<String, Long> expected = NoaaDatasetGenerator.readExpected(dir.resolve("expected.csv"));
        for (Station station : generator.stations().toList()) {
            assertEquals(station.csv(), Files.readString(dir.resolve("noah").resolve(station.fileName())));
            OptionalLong value = station.expectedPrcp();
            assertEquals(value.isPresent() ? value.getAsLong() : null, expected.get(station.id()), station.id());
        }
    }

    @Test
    void stationFilesCanGoFlatIntoAFolderWithTheExpectedValuesElsewhere(@TempDir Path dir) throws Exception {
        var dataset = new NoaaDatasetGenerator(8, 12).writeStationFiles(dir.resolve("data"), dir.resolve("expected.csv"));
        try (var files = Files.list(dir.resolve("data"))) {
            assertEquals(12, files.filter(p -> p.toString().endsWith(".csv")).count());
        }
        assertEquals(dir.resolve("expected.csv"), dataset.expected());
        assertEquals(dataset.items(), NoaaDatasetGenerator.readExpected(dataset.expected()).size());
    }
}
