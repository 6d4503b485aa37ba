package dev.dmapworkbook.lambda;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one NOAA GHCN-Daily {@code csv/by_station} file and finds each station's highest daily
 * precipitation, the way the workshop's HighPrecipitation function does: rows whose {@code ELEMENT}
 * is {@code PRCP} count, the maximum of {@code DATA_VALUE} (tenths of mm) starts at 0, the quality
 * flags are ignored, and a file without PRCP rows yields no station.
 *
 * <p>Columns are found by the header, which must be the by_station header
 * ({@code ID,DATE,ELEMENT,DATA_VALUE,M_FLAG,Q_FLAG,S_FLAG,OBS_TIME}; NOAA's {@code readme-by_station.txt}).
 * A row that is not well-formed CSV, has the wrong number of fields, no ID, or a PRCP value that is
 * not a number is counted in {@link PrecipitationMaxima#rowsSkipped()} and skipped. Blank lines are
 * ignored. The input is streamed: only the current row is in memory.
 */
final class StationCsv {

    /** The by_station header, in NOAA's column order. */
    static final List<String> HEADER =
            List.of("ID", "DATE", "ELEMENT", "DATA_VALUE", "M_FLAG", "Q_FLAG", "S_FLAG", "OBS_TIME");

    static final String PRECIPITATION = "PRCP";

    private StationCsv() {
    }

    /** Reads a UTF-8 by_station file; {@code source} (e.g. {@code s3://bucket/key}) names it in errors. */
    static PrecipitationMaxima read(InputStream in, String source) {
        return read(new InputStreamReader(in, StandardCharsets.UTF_8), source);
    }

    /** Reads a by_station file; {@code source} (e.g. {@code s3://bucket/key}) names it in errors. */
    static PrecipitationMaxima read(Reader in, String source) {
        try {
            return readRecords(new CsvRecords(in), source);
        } catch (IOException e) {
            throw new UncheckedIOException(source + ": could not read the file: " + e.getMessage(), e);
        }
    }

    private static PrecipitationMaxima readRecords(CsvRecords records, String source) throws IOException {
        CsvRecords.CsvRecord header = records.next();
        if (header == null) {
            return new PrecipitationMaxima(Map.of(), 0, 0, 0);     // an empty file has no PRCP rows
        }
        Columns columns = Columns.of(header, source);
        Map<String, BigDecimal> maxima = new LinkedHashMap<>();
        long rows = 0;
        long precipitationRows = 0;
        long skipped = 0;
        for (CsvRecords.CsvRecord row = records.next(); row != null; row = records.next()) {
            if (row.isBlank()) {
                continue;
            }
            rows++;
            List<String> fields = row.fields();
            if (!row.wellFormed() || fields.size() != columns.count) {
                skipped++;
                continue;
            }
            if (!PRECIPITATION.equals(fields.get(columns.element))) {
                continue;
            }
            String station = fields.get(columns.id).strip();
            BigDecimal value = number(fields.get(columns.dataValue));
            if (station.isEmpty() || value == null) {
                skipped++;
                continue;
            }
            precipitationRows++;
            BigDecimal max = maxima.getOrDefault(station, BigDecimal.ZERO);
            maxima.put(station, value.compareTo(max) > 0 ? value : max);
        }
        return new PrecipitationMaxima(maxima, rows, precipitationRows, skipped);
    }

    private static BigDecimal number(String text) {
        try {
            return new BigDecimal(text.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Where the columns the maximum needs are, found by name in the header row. */
    private record Columns(int count, int id, int element, int dataValue) {

        static Columns of(CsvRecords.CsvRecord header, String source) {
            List<String> names = header.fields().stream().map(String::strip).toList();
            if (!names.isEmpty() && names.get(0).startsWith("\uFEFF")) {   // a UTF-8 byte order mark
                names = new java.util.ArrayList<>(names);
                names.set(0, names.get(0).substring(1));
            }
            Map<String, Integer> index = new HashMap<>();
            for (int i = 0; i < names.size(); i++) {
                index.putIfAbsent(names.get(i), i);
            }
            if (!header.wellFormed() || names.size() != HEADER.size() || !index.keySet().containsAll(HEADER)) {
                throw new IllegalArgumentException(source + " is not a NOAA GHCN-Daily by_station CSV file: its header is \""
                        + String.join(",", header.fields()) + "\" but must be \"" + String.join(",", HEADER) + "\"");
            }
            return new Columns(names.size(), index.get("ID"), index.get("ELEMENT"), index.get("DATA_VALUE"));
        }
    }
}
