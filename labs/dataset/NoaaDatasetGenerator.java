package dev.dmapworkbook.dataset;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes an offline stand-in for the workshop's {@code noah.zip}: N NOAA GHCN-Daily {@code csv/by_station}
 * files (default 1,005) in the exact format and with the real dataset's profile, plus the value the
 * workshop's Lambda must store for each station. JDK only and deterministic for a seed (java.util.Random
 * and StrictMath have specified results), so the same seed gives the same bytes on every machine.
 *
 * <p>The profile follows {@code shared/data/noaa-sample/SOURCE.md}: header
 * {@code ID,DATE,ELEMENT,DATA_VALUE,M_FLAG,Q_FLAG,S_FLAG,OBS_TIME}; mostly Australian {@code ASN} station
 * ids (995 of 1,005) plus Algerian, American Samoan and Antiguan ones; 118–1,834 rows (4–61 KB) per
 * file; about 83% of the PRCP days dry; PRCP-only files in date order, files with multi-day totals
 * (DAPR/DWPR/MDPR) or temperatures in month blocks or interleaved by date; missing days have no row;
 * OBS_TIME empty. Of 1,005 stations, 2 have no PRCP rows, 61 only zero precipitation and 8 a
 * quality-flagged maximum (the Lambda ignores flags, so that value is the expected one).
 *
 * <p>Use from Java: {@code new NoaaDatasetGenerator(seed, stations).writeDirectory(dir)} or
 * {@code station(i)}; from a shell: {@code java NoaaDatasetGenerator.java --out DIR [--stations N] [--seed S] [--zip]}.
 */
public final class NoaaDatasetGenerator {

    public static final String HEADER = "ID,DATE,ELEMENT,DATA_VALUE,M_FLAG,Q_FLAG,S_FLAG,OBS_TIME";
    public static final int DEFAULT_STATIONS = 1005;
    public static final long DEFAULT_SEED = 20231109L;
    /** The folder inside the workshop's zip and inside {@link #writeDirectory}'s output. */
    public static final String STATIONS_FOLDER = "noah";
    public static final String EXPECTED_FILE = "expected.csv";

    /** What kind of station a file is, as far as the Lambda's result is concerned. */
    public enum Profile {
        /** Rainy and dry days; the maximum is an ordinary reading. */
        ORDINARY,
        /** Temperatures only: no PRCP row, so no DynamoDB item. */
        NO_PRECIPITATION,
        /** Every PRCP reading is 0: the item's PRCP is 0. */
        ALL_ZERO,
        /** The maximum is an extreme value with a Q_FLAG (failed quality check); flags are ignored, so it counts. */
        FLAGGED_MAXIMUM
    }

    /**
     * One generated station file.
     *
     * @param expectedPrcp the PRCP value (tenths of mm) the Lambda stores for it, empty when it has no PRCP rows
     */
    public record Station(String id, Profile profile, String csv, int rows, int precipitationRows, OptionalLong expectedPrcp) {
        public String fileName() {
            return id + ".csv";
        }
    }

    /** What {@link #writeDirectory} or {@link #writeZip} wrote. */
    public record Dataset(Path stations, Path expected, int stationCount, int items, int zeroItems, long bytes) {
        @Override
        public String toString() {
            return String.format("%,d station files (%,d bytes) in %s; %,d stations with PRCP rows (%,d of them 0); expected values in %s",
                    stationCount, bytes, stations, items, zeroItems, expected);
        }
    }

    private static final DateTimeFormatter YYYYMMDD = DateTimeFormatter.BASIC_ISO_DATE;
    private static final LocalDateTime ZIP_ENTRY_TIME = LocalDateTime.of(2023, 11, 9, 12, 0);
    private static final int MIN_ROWS = 118;
    private static final int MAX_ROWS = 1834;

    private final long seed;
    private final List<String> ids;
    private final Profile[] profiles;

    public NoaaDatasetGenerator() {
        this(DEFAULT_SEED, DEFAULT_STATIONS);
    }

    public NoaaDatasetGenerator(long seed, int stations) {
        if (stations < 1) {
            throw new IllegalArgumentException("--stations must be at least 1, not " + stations);
        }
        this.seed = seed;
        Random random = new Random(mix(seed));
        this.ids = stationIds(random, stations);
        this.profiles = profiles(random, stations);
    }

    public List<String> stationIds() {
        return ids;
    }

    public int size() {
        return ids.size();
    }

    /** The station file at {@code index} (0 ≤ index < size), generated on demand from the seed and the index. */
    public Station station(int index) {
        String id = ids.get(index);
        return new StationWriter(id, profiles[index], new Random(mix(seed ^ mix(index + 1L)))).write();
    }

    public Stream<Station> stations() {
        return IntStream.range(0, size()).mapToObj(this::station);
    }

    /** Writes {@code dir/noah/<ID>.csv} for every station (the layout of the unzipped noah.zip) and {@code dir/expected.csv}. */
    public Dataset writeDirectory(Path dir) throws IOException {
        return writeStationFiles(dir.resolve(STATIONS_FOLDER), dir.resolve(EXPECTED_FILE));
    }

    /** Writes {@code stationsDir/<ID>.csv} for every station and the expected values to {@code expectedCsv} (keep it out of stationsDir). */
    public Dataset writeStationFiles(Path stationsDir, Path expectedCsv) throws IOException {
        Files.createDirectories(stationsDir);
        Map<String, OptionalLong> expected = new LinkedHashMap<>();
        long bytes = 0;
        for (int i = 0; i < size(); i++) {
            Station station = station(i);
            byte[] content = station.csv().getBytes(StandardCharsets.UTF_8);
            writeAtomically(stationsDir.resolve(station.fileName()), content);
            expected.put(station.id(), station.expectedPrcp());
            bytes += content.length;
        }
        return finish(stationsDir, expectedCsv, expected, bytes);
    }

    /** Writes {@code dir/noah.zip} with entries {@code noah/<ID>.csv}, like the workshop's zip, and {@code dir/expected.csv}. */
    public Dataset writeZip(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path zip = dir.resolve(STATIONS_FOLDER + ".zip");
        Path temp = dir.resolve("." + STATIONS_FOLDER + ".zip.tmp");
        Map<String, OptionalLong> expected = new LinkedHashMap<>();
        long bytes = 0;
        try (OutputStream file = Files.newOutputStream(temp); ZipOutputStream out = new ZipOutputStream(file)) {
            for (int i = 0; i < size(); i++) {
                Station station = station(i);
                ZipEntry entry = new ZipEntry(STATIONS_FOLDER + "/" + station.fileName());
                entry.setTimeLocal(ZIP_ENTRY_TIME);
                out.putNextEntry(entry);
                byte[] content = station.csv().getBytes(StandardCharsets.UTF_8);
                out.write(content);
                out.closeEntry();
                expected.put(station.id(), station.expectedPrcp());
                bytes += content.length;
            }
        }
        Files.move(temp, zip, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return finish(zip, dir.resolve(EXPECTED_FILE), expected, bytes);
    }

    private Dataset finish(Path stations, Path expectedFile, Map<String, OptionalLong> expected, long bytes) throws IOException {
        StringBuilder csv = new StringBuilder("ID,PRCP\n");
        expected.forEach((id, value) -> csv.append(id).append(',')
                .append(value.isPresent() ? Long.toString(value.getAsLong()) : "").append('\n'));
        Files.createDirectories(expectedFile.toAbsolutePath().getParent());
        writeAtomically(expectedFile, csv.toString().getBytes(StandardCharsets.UTF_8));
        int items = (int) expected.values().stream().filter(OptionalLong::isPresent).count();
        int zeros = (int) expected.values().stream().filter(v -> v.isPresent() && v.getAsLong() == 0).count();
        return new Dataset(stations, expectedFile, expected.size(), items, zeros, bytes);
    }

    /**
     * Reads an {@code expected.csv} ({@code ID,PRCP}; PRCP empty for a station without PRCP rows) into the
     * DynamoDB items the workflow must produce: station id → PRCP, stations without PRCP rows left out.
     */
    public static Map<String, Long> readExpected(Path expectedCsv) throws IOException {
        List<String> lines = Files.readAllLines(expectedCsv, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).equals("ID,PRCP")) {
            throw new IOException(expectedCsv + " does not start with the header ID,PRCP");
        }
        Map<String, Long> items = new LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] fields = line.split(",", -1);
            if (fields.length == 2 && !fields[1].isEmpty()) {
                items.put(fields[0], Long.parseLong(fields[1]));
            }
        }
        return items;
    }

    private static void writeAtomically(Path target, byte[] content) throws IOException {
        Path temp = target.resolveSibling("." + target.getFileName() + ".tmp");
        try {
            Files.write(temp, content);
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    // ---- the dataset's shape -------------------------------------------------------------------------

    /** Station ids in the real proportions (995 AS, 6 AG, 3 AQ, 1 AC of 1,005), unique and sorted like the zip. */
    private static List<String> stationIds(Random random, int count) {
        int antigua = (int) Math.round(count / 1005.0);
        int algeria = (int) Math.round(count * 6 / 1005.0);
        int samoa = (int) Math.round(count * 3 / 1005.0);
        int australia = count - antigua - algeria - samoa;
        Set<String> ids = new TreeSet<>();
        addIds(ids, random, antigua, () -> String.format("ACW000%05d", 11000 + random.nextInt(1000)));
        addIds(ids, random, algeria, () -> String.format("AGM000%05d", 60350 + random.nextInt(300)));
        addIds(ids, random, samoa, () -> String.format("AQC00%06d", 914000 + random.nextInt(1000)));
        addIds(ids, random, australia, () -> String.format("ASN000%05d", 1000 + random.nextInt(99000)));
        return List.copyOf(ids);
    }

    private static void addIds(Set<String> ids, Random random, int count, java.util.function.Supplier<String> next) {
        for (int target = ids.size() + count; ids.size() < target; ) {
            ids.add(next.get());
        }
    }

    /** 2, 61 and 8 per 1,005 stations have no PRCP, only zeros, a flagged maximum; at least one each from 10 stations on. */
    private static Profile[] profiles(Random random, int count) {
        Profile[] profiles = new Profile[count];
        Arrays.fill(profiles, Profile.ORDINARY);
        List<Integer> order = new ArrayList<>(IntStream.range(0, count).boxed().toList());
        Collections.shuffle(order, random);
        int next = 0;
        for (Object[] share : new Object[][] {
                {Profile.NO_PRECIPITATION, 2}, {Profile.ALL_ZERO, 61}, {Profile.FLAGGED_MAXIMUM, 8}}) {
            int n = (int) Math.round(count * (int) share[1] / 1005.0);
            if (count >= 10) {
                n = Math.max(1, n);
            }
            for (int i = 0; i < n && next < count; i++) {
                profiles[order.get(next++)] = (Profile) share[0];
            }
        }
        return profiles;
    }

    /** SplitMix64's finaliser: spreads nearby seeds over the whole range. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Generates one station's rows, then lays them out in one of the real files' row orders. */
    private static final class StationWriter {

        private record Row(LocalDate date, String element, long value, String mFlag, String qFlag) {
        }

        private enum Layout { DATE_ORDER, MONTH_BLOCKS }

        private final String id;
        private final Profile profile;
        private final Random random;
        private final List<Row> rows = new ArrayList<>();

        StationWriter(String id, Profile profile, Random random) {
            this.id = id;
            this.profile = profile;
            this.random = random;
        }

        Station write() {
            List<String> elements = elements();
            Layout layout = elements.size() == 1 ? Layout.DATE_ORDER
                    : id.startsWith("AGM") || random.nextInt(30) == 0 ? Layout.DATE_ORDER : Layout.MONTH_BLOCKS;
            generate(elements, MIN_ROWS + (random.nextInt(MAX_ROWS - MIN_ROWS + 1) + random.nextInt(MAX_ROWS - MIN_ROWS + 1)) / 2);
            if (profile == Profile.FLAGGED_MAXIMUM) {
                flagAnExtremeMaximum();
            }
            List<Row> ordered = new ArrayList<>(rows);
            if (layout == Layout.MONTH_BLOCKS) {
                ordered.sort(Comparator.comparing((Row r) -> r.date().getYear() * 100 + r.date().getMonthValue())
                        .thenComparing(r -> elements.indexOf(r.element()))
                        .thenComparing(Row::date));
            }
            String sourceFlag = sourceFlag();
            StringBuilder csv = new StringBuilder(40 * (ordered.size() + 1)).append(HEADER).append('\n');
            long max = 0;
            int precipitationRows = 0;
            for (Row row : ordered) {
                csv.append(id).append(',').append(YYYYMMDD.format(row.date())).append(',').append(row.element()).append(',')
                        .append(row.value()).append(',').append(row.mFlag()).append(',').append(row.qFlag()).append(',')
                        .append(row.element().equals("TAVG") ? "S" : sourceFlag).append(",\n");
                if (row.element().equals("PRCP")) {
                    precipitationRows++;
                    max = Math.max(max, row.value());
                }
            }
            return new Station(id, profile, csv.toString(), ordered.size(), precipitationRows,
                    precipitationRows == 0 ? OptionalLong.empty() : OptionalLong.of(max));
        }

        /** The element mix, in the order the month blocks list them (as GHCN's .dly files do). */
        private List<String> elements() {
            if (profile == Profile.NO_PRECIPITATION) {
                return List.of("TMAX", "TMIN");
            }
            if (id.startsWith("ACW")) {
                return List.of("TMAX", "TMIN", "PRCP", "SNOW", "SNWD");
            }
            if (id.startsWith("AGM")) {
                return List.of("TMAX", "TMIN", "PRCP", "TAVG");
            }
            if (id.startsWith("AQC")) {
                return List.of("TMAX", "TMIN", "PRCP", "DAPR", "MDPR");
            }
            int kind = random.nextInt(1000);
            if (kind < 615) {
                return List.of("PRCP");
            }
            if (kind < 972) {
                return List.of("PRCP", "DAPR", "DWPR", "MDPR");
            }
            return kind < 990 ? List.of("TMAX", "TMIN", "PRCP") : List.of("TMAX", "TMIN", "PRCP", "DAPR", "DWPR", "MDPR");
        }

        private String sourceFlag() {
            return id.startsWith("ASN") ? "a" : id.startsWith("AGM") ? "S" : id.startsWith("ACW") ? "X" : "0";
        }

        private void generate(List<String> elements, int targetRows) {
            LocalDate date = LocalDate.of(1890 + random.nextInt(126), 1 + random.nextInt(12), 1);
            double wetDays = profile == Profile.ALL_ZERO ? 0 : 0.06 + 0.30 * random.nextDouble();
            double logMedian = StrictMath.log(48) + 0.35 * random.nextGaussian();
            boolean multiDay = elements.contains("MDPR");
            int accumulating = 0;
            int accumulationDays = 0;
            long total = 0;
            int wet = 0;
            while (rows.size() < targetRows) {
                date = date.plusDays(random.nextInt(500) == 0 ? 30 + random.nextInt(400) : random.nextInt(40) == 0 ? 2 : 1);
                long rain = random.nextDouble() < wetDays ? amount(logMedian) : 0;
                if (multiDay && accumulating == 0 && random.nextInt(120) == 0) {
                    accumulationDays = 2 + random.nextInt(3);       // the next days are one multi-day total
                    accumulating = accumulationDays;
                    total = 0;
                    wet = 0;
                }
                if (accumulating > 0) {
                    total += rain;
                    wet += rain > 0 ? 1 : 0;
                    if (--accumulating == 0) {
                        add(date, "DAPR", accumulationDays, "", "");
                        if (elements.contains("DWPR")) {
                            add(date, "DWPR", wet, "", "");
                        }
                        add(date, "MDPR", total, "", "");
                    }
                } else if (elements.contains("PRCP") && random.nextInt(50) != 0) {
                    boolean trace = rain == 0 && random.nextInt(25) == 0;
                    add(date, "PRCP", rain, trace ? "T" : "", random.nextInt(4000) == 0 ? "D" : "");
                }
                temperatures(elements, date);
            }
        }

        private void temperatures(List<String> elements, LocalDate date) {
            if (!elements.contains("TMAX") || random.nextInt(12) == 0) {
                return;
            }
            double season = StrictMath.cos(2 * StrictMath.PI * (date.getDayOfYear() - 15) / 365.25);   // southern summer in January
            long tmax = Math.round(260 + 70 * season + 30 * random.nextGaussian());
            long tmin = tmax - 80 - random.nextInt(60);
            add(date, "TMAX", tmax, "", "");
            add(date, "TMIN", tmin, "", "");
            if (elements.contains("TAVG")) {
                add(date, "TAVG", (tmax + tmin) / 2, "H", "");
            }
            if (elements.contains("SNOW")) {
                add(date, "SNOW", 0, "", "");
                add(date, "SNWD", 0, "", "");
            }
        }

        /** A wet day's amount in tenths of mm: log-normal, median about 4.8 mm, like the real files. */
        private long amount(double logMedian) {
            return Math.max(1, Math.round(StrictMath.exp(logMedian + 1.3 * random.nextGaussian())));
        }

        private void add(LocalDate date, String element, long value, String mFlag, String qFlag) {
            rows.add(new Row(date, element, value, mFlag, qFlag));
        }

        /** Replaces one PRCP reading with an outlier well above every other reading, flagged as failing a check. */
        private void flagAnExtremeMaximum() {
            List<Integer> precipitation = IntStream.range(0, rows.size())
                    .filter(i -> rows.get(i).element().equals("PRCP")).boxed().toList();
            if (precipitation.isEmpty()) {
                return;
            }
            long max = rows.stream().filter(r -> r.element().equals("PRCP")).mapToLong(Row::value).max().orElse(0);
            long extreme = Math.min(60000, Math.max(2000, max * (3 + random.nextInt(12))));
            int at = precipitation.get(random.nextInt(precipitation.size()));
            Row row = rows.get(at);
            String flag = List.of("G", "X", "L", "S", "O").get(random.nextInt(5));
            rows.set(at, new Row(row.date(), row.element(), Math.max(extreme, max + 1), "", flag));
        }
    }

    // ---- command line (labs/dataset/GenerateDataset.java) ----------------------------------------------

    /**
     * The generator's command line. Not a {@code main}: this file is a JBang {@code //SOURCES} of lab 01, and a
     * second {@code main} in a lab's sources is what lets a lab's jar start the wrong program.
     */
    public static void run(String... args) throws IOException {
        Path out = null;
        int stations = DEFAULT_STATIONS;
        long seed = DEFAULT_SEED;
        boolean zip = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> out = Path.of(value(args, ++i, "--out"));
                case "--stations" -> stations = Integer.parseInt(value(args, ++i, "--stations"));
                case "--seed" -> seed = Long.parseLong(value(args, ++i, "--seed"));
                case "--zip" -> zip = true;
                case "-h", "--help" -> {
                    System.out.println(usage());
                    return;
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "\n" + usage());
            }
        }
        if (out == null) {
            throw new IllegalArgumentException("--out DIR is required\n" + usage());
        }
        NoaaDatasetGenerator generator = new NoaaDatasetGenerator(seed, stations);
        Dataset dataset = zip ? generator.writeZip(out) : generator.writeDirectory(out);
        System.out.println("Generated (seed " + seed + "): " + dataset);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value\n" + usage());
        }
        return args[i];
    }

    private static String usage() {
        return "usage: ./jbang labs/dataset/GenerateDataset.java --out DIR [--stations N (default " + DEFAULT_STATIONS
                + ")] [--seed S (default " + DEFAULT_SEED + ")] [--zip]\n"
                + "  writes DIR/noah/<ID>.csv (or DIR/noah.zip with --zip) and DIR/expected.csv (ID,PRCP)";
    }
}
