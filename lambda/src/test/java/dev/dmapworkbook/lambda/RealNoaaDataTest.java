package dev.dmapworkbook.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The parser on the real workshop data in {@code ../shared/data/noaa-sample/} (never copied into the
 * project): the 17 sample files against the table in its SOURCE.md, and the whole noah.zip.
 */
class RealNoaaDataTest {

    /** {@code | FILE.csv | bytes | rows | span | PRCP rows | Lambda max | Q_FLAG | why |} in SOURCE.md. */
    static final Pattern SAMPLE_ROW = Pattern.compile(
            "^\\| (\\w+)\\.csv \\| (\\d+) \\| (\\d+) \\| [\\d–]+ \\| (\\d+) \\| (\\d+|—) \\| .*$", Pattern.MULTILINE);

    record Sample(String station, long rows, long precipitationRows, String lambdaMax) {
    }

    static Path sampleDir() {
        Path dir = Path.of(System.getProperty("shared.data", "../../shared/data")).resolve("noaa-sample");
        if (!Files.isRegularFile(dir.resolve("SOURCE.md"))) {
            System.out.println("SKIPPED: " + dir.toAbsolutePath().normalize() + " absent: skipping the real-data test");
        }
        Assumptions.assumeTrue(Files.isRegularFile(dir.resolve("SOURCE.md")),
                dir.toAbsolutePath().normalize() + " absent: skipping the real-data test");
        return dir;
    }

    static List<Sample> samples(Path dir) throws IOException {
        Matcher m = SAMPLE_ROW.matcher(Files.readString(dir.resolve("SOURCE.md")));
        List<Sample> samples = new ArrayList<>();
        while (m.find()) {
            samples.add(new Sample(m.group(1), Long.parseLong(m.group(3)), Long.parseLong(m.group(4)), m.group(5)));
        }
        return samples;
    }

    @Test
    void theSeventeenSampleFilesGiveTheValuesInSourceMd() throws IOException {
        Path dir = sampleDir();
        List<Sample> samples = samples(dir);
        assertEquals(17, samples.size(), "sample rows found in SOURCE.md");
        for (Sample sample : samples) {
            PrecipitationMaxima result;
            try (InputStream in = Files.newInputStream(dir.resolve(sample.station() + ".csv"))) {
                result = StationCsv.read(in, sample.station() + ".csv");
            }
            assertEquals(sample.rows(), result.rows(), sample.station() + " rows");
            assertEquals(sample.precipitationRows(), result.precipitationRows(), sample.station() + " PRCP rows");
            assertEquals(0, result.rowsSkipped(), sample.station() + " skipped rows");
            if (sample.lambdaMax().equals("—")) {
                assertTrue(result.maxima().isEmpty(), sample.station() + " has no PRCP rows, so no item");
            } else {
                assertEquals(Map.of(sample.station(), sample.lambdaMax()), StationCsvTest.maxima(result), sample.station());
            }
        }
        System.out.println("Real data: the 17 sample files in " + dir + " match SOURCE.md");
    }

    @Test
    void theWholeNoahZipGives1003StationsOf61AreZero() throws IOException {
        Path zip = sampleDir().resolve("noah.zip");
        Map<String, String> items = new TreeMap<>();
        int files = 0;
        long rows = 0;
        long skipped = 0;
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                if (entry.isDirectory()) {
                    continue;
                }
                files++;
                PrecipitationMaxima result = StationCsv.read(new NonClosing(in), entry.getName());
                result.maxima().forEach((station, max) -> items.put(station, PrecipitationMaxima.asNumber(max)));
                rows += result.rows();
                skipped += result.rowsSkipped();
            }
        }
        long zeros = items.values().stream().filter("0"::equals).count();
        var wettest = items.entrySet().stream()
                .max(Map.Entry.comparingByValue((a, b) -> new java.math.BigDecimal(a).compareTo(new java.math.BigDecimal(b))))
                .orElseThrow();
        System.out.printf("Real noah.zip: %,d files, %,d rows, %,d skipped -> %,d stations (DynamoDB items), %d with PRCP 0; wettest %s = %s%n",
                files, rows, skipped, items.size(), zeros, wettest.getKey(), wettest.getValue());
        assertEquals(1005, files);
        assertEquals(1003, items.size());
        assertEquals(61, zeros);
        assertEquals(0, skipped);
        assertEquals("13300", items.get("ASN00032187"));
        assertEquals("57560", items.get("ASN00040869"));
    }

    /** Lets the parser read one zip entry without closing the whole archive. */
    static final class NonClosing extends java.io.FilterInputStream {
        NonClosing(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
        }
    }
}
