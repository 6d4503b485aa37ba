package dev.dmapworkbook.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/** Station CSV files for the S3 and Lambda figures: the workshop's noah.zip when present, else NOAA-shaped stand-ins. */
final class StationFiles {
    static final String HEADER = "ID,DATE,ELEMENT,DATA_VALUE,M_FLAG,Q_FLAG,S_FLAG,OBS_TIME";

    private StationFiles() {
    }

    /** Up to {@code count} files, name → bytes, and where they came from. */
    record Loaded(Map<String, byte[]> files, String source) {
    }

    static Loaded load(Optional<Path> noahZip, int count) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        if (noahZip.isPresent()) {
            try (InputStream in = Files.newInputStream(noahZip.get()); ZipInputStream zip = new ZipInputStream(in)) {
                for (ZipEntry e; (e = zip.getNextEntry()) != null && files.size() < count; ) {
                    if (!e.isDirectory() && e.getName().endsWith(".csv")) {
                        files.put(Path.of(e.getName()).getFileName().toString(), zip.readAllBytes());
                    }
                }
            }
            return new Loaded(files, "station files from the real noah.zip");
        }
        for (int i = 0; i < count; i++) {
            String id = String.format(Locale.ROOT, "BENCH%06d", i);
            files.put(id + ".csv", synthetic(id, 30_000));
        }
        return new Loaded(files, "generated station files of ~30 KB (no noah.zip here)");
    }

    /** A by_station file of about {@code bytes} bytes: daily PRCP rows, a deterministic wettest day. */
    static byte[] synthetic(String id, int bytes) {
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        for (int day = 0; csv.length() < bytes; day++) {
            int year = 1990 + day / 365;
            int dayOfYear = day % 365;
            String row = String.format(Locale.ROOT, "%s,%04d%02d%02d,PRCP,%d,,,a,", id, year, 1 + dayOfYear / 31 % 12,
                    1 + dayOfYear % 28, (day * 37) % 500);
            csv.append(row).append('\n');
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }
}
