//SOURCES ../dataset/NoaaDatasetGenerator.java

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmapworkbook.dataset.NoaaDatasetGenerator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

/**
 * The NOAA GHCN-Daily station files the workbook processes: where lab 01 gets them (a zip, the workshop's URL or
 * the offline generator), where they live on disk ({@code data/} in lab 01's out dir, per local cloud: {@link Workbook#outDir(String)}), and the independent
 * computation lab 04 checks the results against.
 */
final class Dataset {
    static final String WORKSHOP_URL = "https://ws-assets-prod-iad-r-pdx-f3b3f9f1a7d6a3d0.s3.us-west-2.amazonaws.com/"
            + "2a22e604-2f2e-4d7b-85a8-33b38c999234/dataset/noah.zip";
    /** sha256 of the workshop's noah.zip (1,005 stations): on it, lab 04 expects 1,003 items, 61 of them 0. */
    static final String WORKSHOP_SHA256 = "82a58767cb1311b47f76e2025211623fffb48fac7f84a53f53d0fb16af7f295f";
    static final String HEADER = "ID,DATE,ELEMENT,DATA_VALUE,M_FLAG,Q_FLAG,S_FLAG,OBS_TIME";
    private static final Pattern STATION_FILE = Pattern.compile("[A-Za-z0-9_-]{1,64}\\.csv");

    /** One station's expected item: its id (the ID column; the file name when there is no row) and maximum. */
    record Expected(String station, OptionalDouble max) {
    }

    private final String source;
    private final String sha256;
    private final List<Path> files;
    private final boolean replacedAnother;

    private Dataset(String source, String sha256, List<Path> files, boolean replacedAnother) {
        this.source = source;
        this.sha256 = sha256;
        this.files = files;
        this.replacedAnother = replacedAnother;
    }

    /** Lab 01: this dataset replaced a different one (another sha256) that lab 01 had unpacked before. */
    boolean replacedAnother() {
        return replacedAnother;
    }

    List<Path> files() {
        return files;
    }

    String source() {
        return source;
    }

    boolean isWorkshopZip() {
        return WORKSHOP_SHA256.equals(sha256);
    }

    static Path home(Workbook book) {
        return book.outDir("01-deploy");
    }

    static Path dataDir(Workbook book) {
        return home(book).resolve("data");
    }

    /** Where lab 01's zip comes from, as the transcript says it. */
    private record Source(Path zip, String description) {
    }

    /** Lab 01: the dataset from --dataset-zip, else the workshop URL (unless --offline), else generated. */
    static Dataset prepare(Workbook book) throws Exception {
        Path home = home(book);
        Files.createDirectories(home);
        Source found = locate(book, home);
        Path zip = found.zip();
        String source = found.description();
        String previous = recordedSha(home);
        String sha = sha256(zip);
        List<Path> files = unpackChecked(book, zip, dataDir(book));
        Path data = dataDir(book);
        book.fields(Workbook.ordered("source", source, "files", String.format("%,d station files in %s", files.size(),
                book.displayPath(data)), "sha256", sha));
        var record = Workbook.ordered("source", source, "sha256", sha, "files", files.size());
        Files.writeString(home.resolve("dataset.json"), Workbook.JSON.writeValueAsString(record));
        long withHeader = 0;
        for (Path file : list(data)) {
            withHeader += headerOk(file) ? 1 : 0;
        }
        book.check(String.format("%s holds the %,d station files, each with the GHCN-Daily by_station header",
                book.displayPath(data), files.size()), withHeader == files.size());
        return new Dataset(source, sha, files, previous != null && !previous.equals(sha));
    }

    private static Source locate(Workbook book, Path home) throws IOException {
        if (book.value("--dataset-zip").isPresent()) {
            Path zip = Path.of(book.value("--dataset-zip").get());
            book.require(Files.isRegularFile(zip), "--dataset-zip " + zip + ": no such file");
            return new Source(zip, "the zip " + zip);
        }
        if (!book.flag("--offline")) {
            String url = book.value("--dataset-url").orElse(WORKSHOP_URL);
            Path cached = home.resolve("noah.zip");
            if (Files.isRegularFile(cached)) {
                return new Source(cached, "noah.zip downloaded earlier from " + url);
            }
            book.println("  downloading " + url + " …");
            Path zip = download(book, url, cached);
            if (zip != null) {
                return new Source(zip, "downloaded from " + url);
            }
        }
        String why = book.flag("--offline") ? "--offline" : "the workshop's URL was not reachable";
        return new Source(generate(book, home), "generated offline (" + why + ")");
    }

    /**
     * Unpacks the zip into a new folder and checks it before anything else changes: a file that is not a zip, a
     * truncated or damaged zip, a zip without station files, a station file without the GHCN-Daily header each
     * stop the lab with a one-line reason naming the file, and leave the data folder (and S3) as they were. Only
     * a good dataset replaces {@code data}.
     */
    static List<Path> unpackChecked(Workbook book, Path zip, Path data) throws IOException {
        String name = book.displayPath(zip);
        String unchanged = ": nothing was changed (S3 and " + book.displayPath(data) + " are as they were)";
        String notZip = notAZip(zip);
        book.require(notZip == null, name + " is not a NOAA zip: " + notZip + unchanged);
        Path fresh = data.resolveSibling(data.getFileName() + ".new");
        deleteTree(fresh);
        Files.createDirectories(fresh);
        try {
            int rejected;
            try {
                rejected = unzip(zip, fresh);
            } catch (IOException damaged) {
                throw book.stop(name + " is a truncated or damaged zip (" + damaged.getClass().getSimpleName() + ": "
                        + damaged.getMessage() + ")" + unchanged);
            }
            List<Path> files = list(fresh);
            book.require(!files.isEmpty(), name + " holds no station files (NAME.csv)" + unchanged);
            for (Path file : files) {
                book.require(headerOk(file), name + ": " + file.getFileName() + " does not start with the GHCN-Daily "
                        + "header " + HEADER + unchanged);
            }
            if (rejected > 0) {
                book.println("  skipped " + rejected + " zip entries that are not station files (or would escape the folder)");
            }
            deleteTree(data);
            Files.move(fresh, data, StandardCopyOption.ATOMIC_MOVE);
            return list(data);
        } finally {
            deleteTree(fresh);
        }
    }

    /** Why the file cannot be a zip (null when it can): the local-header magic, then the central directory. */
    static String notAZip(Path zip) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(zip)) {
            head = in.readNBytes(4);
        }
        if (head.length < 4 || head[0] != 'P' || head[1] != 'K' || head[2] != 3 || head[3] != 4) {
            String start = new String(head, StandardCharsets.ISO_8859_1).replaceAll("[^ -~]", "?");
            return "it is not a zip file (" + (head.length == 0 ? "it is empty" : "it starts with \"" + start + "\"") + ")";
        }
        try (ZipFile file = new ZipFile(zip.toFile())) {
            return file.size() == 0 ? "the zip is empty" : null;
        } catch (ZipException damaged) {
            return "it is a truncated or damaged zip (" + damaged.getMessage() + ")";
        }
    }

    private static String recordedSha(Path home) {
        try {
            Path record = home.resolve("dataset.json");
            return Files.isRegularFile(record) ? Workbook.JSON.readTree(record.toFile()).path("sha256").asText(null) : null;
        } catch (IOException unreadable) {
            return null;
        }
    }

    /** Lab 04 (and later labs): the dataset lab 01 unpacked. */
    static Dataset load(Workbook book) throws IOException {
        Path record = home(book).resolve("dataset.json");
        book.require(Files.isRegularFile(record) && Files.isDirectory(dataDir(book)),
                "the dataset is not on disk (" + book.displayPath(record) + "): run lab 01 first");
        JsonNode json = Workbook.JSON.readTree(record.toFile());
        return new Dataset(json.path("source").asText(), json.path("sha256").asText(), list(dataDir(book)), false);
    }

    private static Path download(Workbook book, String url, Path target) {
        try {
            Path tmp = Files.createTempFile(target.getParent(), "noah", ".tmp");
            var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NORMAL).build();
            var response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofFile(tmp));
            if (response.statusCode() != 200) {
                Files.deleteIfExists(tmp);
                book.println("  the download answered HTTP " + response.statusCode() + ": generating the dataset offline");
                return null;
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (Exception e) {
            book.println("  not reachable (" + e.getClass().getSimpleName() + "): generating the dataset offline");
            return null;
        } finally {
            try (Stream<Path> tmps = Files.list(target.getParent())) {
                tmps.filter(p -> p.getFileName().toString().startsWith("noah") && p.toString().endsWith(".tmp")).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // leftovers of an interrupted download are harmless
            }
        }
    }

    /**
     * Unzips station files flat into {@code dir}. Safe: only plain {@code NAME.csv} file names are written, always
     * inside {@code dir} (no zip-slip, no absolute paths, no links). Returns how many entries were skipped.
     */
    static int unzip(Path zip, Path dir) throws IOException {
        int rejected = 0;
        Path root = dir.toAbsolutePath().normalize();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                String name = entry.getName().replace('\\', '/');
                String base = name.substring(name.lastIndexOf('/') + 1);
                if (entry.isDirectory()) {
                    continue;
                }
                boolean unsafe = name.startsWith("/") || name.contains("../") || name.startsWith("..") || name.contains(":");
                Path target = root.resolve(base).normalize();
                if (unsafe || !STATION_FILE.matcher(base).matches() || !target.getParent().equals(root)) {
                    rejected++;
                    continue;
                }
                Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return rejected;
    }

    /** The offline generator (labs/dataset): the workshop's shape, deterministic, written as a zip like noah.zip. */
    private static Path generate(Workbook book, Path home) throws IOException {
        int stations = Integer.parseInt(book.value("--stations").orElse("1005").replace(",", ""));
        var generator = new NoaaDatasetGenerator(NoaaDatasetGenerator.DEFAULT_SEED, stations);
        Path dir = home.resolve("generated");
        Files.createDirectories(dir);
        var written = generator.writeZip(dir);
        book.println("  generated " + written);
        return dir.resolve("noah.zip");
    }

    static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".csv")).sorted(Comparator.comparing(Path::toString)).toList();
        }
    }

    private static boolean headerOk(Path file) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            return header != null && header.strip().replace("\uFEFF", "").equals(HEADER);
        }
    }

    /**
     * The workshop Lambda's value for one station file, computed independently: the maximum DATA_VALUE over the
     * PRCP rows starting from 0, quality flags ignored; empty when the file has no PRCP row (nothing is stored).
     */
    static Expected expected(Path file) throws IOException {
        String station = station(file);
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            if (header == null) {
                return new Expected(station, OptionalDouble.empty());
            }
            List<String> columns = List.of(header.strip().replace("\uFEFF", "").split(","));
            int id = columns.indexOf("ID");
            int element = columns.indexOf("ELEMENT");
            int value = columns.indexOf("DATA_VALUE");
            double max = 0;
            boolean any = false;
            for (String line; (line = in.readLine()) != null; ) {
                String[] fields = line.replace("\"", "").split(",", -1);
                if (fields.length > Math.max(element, value) && fields[element].strip().equals("PRCP")) {
                    if (!any && id >= 0) {
                        station = fields[id].strip();
                    }
                    try {
                        max = Math.max(max, Double.parseDouble(fields[value].strip()));
                        any = true;
                    } catch (NumberFormatException malformed) {
                        // the Lambda skips malformed rows too
                    }
                }
            }
            return new Expected(station, any ? OptionalDouble.of(max) : OptionalDouble.empty());
        }
    }

    /** One PRCP reading: a station's day, its value (tenths of mm) and its NOAA quality flag (Q_FLAG, blank when none). */
    record Reading(String station, String date, double value, String qualityFlag) {
        boolean flagged() {
            return !qualityFlag.isEmpty();
        }
    }

    /**
     * The file's wettest PRCP reading (the first of equal ones); with {@code unflaggedOnly}, among the readings that
     * passed NOAA's quality checks (blank Q_FLAG, GHCN-Daily readme section III). Empty when there is none.
     */
    static Optional<Reading> wettest(Path file, boolean unflaggedOnly) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            if (header == null) {
                return Optional.empty();
            }
            List<String> columns = List.of(header.strip().replace("\uFEFF", "").split(","));
            int id = columns.indexOf("ID");
            int date = columns.indexOf("DATE");
            int element = columns.indexOf("ELEMENT");
            int value = columns.indexOf("DATA_VALUE");
            int flag = columns.indexOf("Q_FLAG");
            Reading best = null;
            for (String line; (line = in.readLine()) != null; ) {
                String[] f = line.replace("\"", "").split(",", -1);
                if (f.length <= Math.max(Math.max(id, date), Math.max(Math.max(element, value), flag))
                        || !f[element].strip().equals("PRCP")) {
                    continue;
                }
                Reading r;
                try {
                    r = new Reading(f[id].strip(), f[date].strip(), Double.parseDouble(f[value].strip()), f[flag].strip());
                } catch (NumberFormatException malformed) {
                    continue;
                }
                if ((!unflaggedOnly || !r.flagged()) && (best == null || r.value() > best.value())) {
                    best = r;
                }
            }
            return Optional.ofNullable(best);
        }
    }

    /** The station id a file's results are stored under: its name without {@code .csv}. */
    static String station(Path file) {
        String name = file.getFileName().toString();
        return name.substring(0, name.length() - 4);
    }

    static Map<String, Object> describe(Dataset d) {
        return Workbook.ordered("source", d.source, "sha256", d.sha256, "files", d.files.size());
    }

    static String sha256(Path file) throws Exception {
        var digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[65536];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
