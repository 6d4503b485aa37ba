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
import java.util.OptionalDouble;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The NOAA GHCN-Daily station files the workbook processes: where lab 01 gets them (a zip, the workshop's URL or
 * the offline generator), where they live on disk ({@code labs/01-deploy/out/data/}), and the independent
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

    private Dataset(String source, String sha256, List<Path> files) {
        this.source = source;
        this.sha256 = sha256;
        this.files = files;
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
        return book.root().resolve("labs/01-deploy/out");
    }

    static Path dataDir(Workbook book) {
        return home(book).resolve("data");
    }

    /** Lab 01: the dataset from --dataset-zip, else the workshop URL (unless --offline), else generated. */
    static Dataset prepare(Workbook book) throws Exception {
        Path home = home(book);
        Files.createDirectories(home);
        Path zip = null;
        String source;
        if (book.value("--dataset-zip").isPresent()) {
            zip = Path.of(book.value("--dataset-zip").get());
            book.require(Files.isRegularFile(zip), "--dataset-zip " + zip + ": no such file");
            source = "the zip " + zip;
        } else if (!book.flag("--offline")) {
            String url = book.value("--dataset-url").orElse(WORKSHOP_URL);
            Path cached = home.resolve("noah.zip");
            if (Files.isRegularFile(cached)) {
                zip = cached;
                source = "noah.zip downloaded earlier from " + url;
            } else {
                book.println("  downloading " + url + " …");
                zip = download(book, url, cached);
                source = zip == null ? null : "downloaded from " + url;
            }
        } else {
            source = null;
        }
        if (zip == null) {
            source = "generated offline (" + (book.flag("--offline") ? "--offline" : "the workshop's URL was not reachable") + ")";
            zip = generate(book, home);
        }
        Path data = dataDir(book);
        deleteTree(data);
        Files.createDirectories(data);
        String sha = sha256(zip);
        int rejected = unzip(zip, data);
        if (rejected > 0) {
            book.println("  skipped " + rejected + " zip entries that are not station files (or would escape the folder)");
        }
        List<Path> files = list(data);
        book.fields(Workbook.ordered("source", source, "files", String.format("%,d station files in %s", files.size(),
                book.displayPath(data)), "sha256", sha));
        var record = Workbook.ordered("source", source, "sha256", sha, "files", files.size());
        Files.writeString(home.resolve("dataset.json"), Workbook.JSON.writeValueAsString(record));
        book.check("the dataset has station files with the GHCN-Daily by_station header",
                !files.isEmpty() && headerOk(files.get(0)));
        return new Dataset(source, sha, files);
    }

    /** Lab 04 (and later labs): the dataset lab 01 unpacked. */
    static Dataset load(Workbook book) throws IOException {
        Path record = home(book).resolve("dataset.json");
        book.require(Files.isRegularFile(record) && Files.isDirectory(dataDir(book)),
                "the dataset is not on disk (" + book.displayPath(record) + "): run lab 01 first");
        JsonNode json = Workbook.JSON.readTree(record.toFile());
        return new Dataset(json.path("source").asText(), json.path("sha256").asText(), list(dataDir(book)));
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
