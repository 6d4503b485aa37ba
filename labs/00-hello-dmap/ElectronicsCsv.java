import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.Random;
import java.util.function.LongConsumer;

/**
 * Writes a file with the schema of the workshop's {@code df_electronics.csv} (Amazon electronics reviews,
 * 1,292,954 rows): the same header, ratings written like {@code 5.0}, dates {@code YYYY-MM-DD}, empty
 * brand and user_attr fields where the original has them. Deterministic for a seed.
 */
final class ElectronicsCsv {
    static final String HEADER = "item_id,user_id,rating,timestamp,model_attr,category,brand,year,user_attr,split";
    static final long FULL_ROWS = 1_292_954;

    private static final String[] CATEGORIES = {"Portable Audio & Video", "Computers & Accessories", "Camera & Photo",
            "Headphones", "Home Audio", "Television & Video", "Accessories & Supplies", "Car Electronics & GPS",
            "Security & Surveillance", "Wearable Technology"};
    private static final String[] BRANDS = {"", "", "Bose", "Logitech", "Sony", "Samsung", "Canon", "Nikon", "JVC",
            "Panasonic", "Philips", "Sennheiser", "TaoTronics", "Fujifilm", "EINCAR", "Linksys"};
    private static final String[] MODEL_ATTRS = {"Female", "Male", "Female&Male"};
    private static final String[] USER_ATTRS = {"", "", "", "Female", "Male"};

    private ElectronicsCsv() {
    }

    /** What was written: rows and how many of them are rated 4.0 or 5.0 (the lab's Pass filter keeps those). */
    record Summary(long rows, long highlyRated, long bytes) {
    }

    static Summary generate(Path file, long rows, long seed, LongConsumer progress) throws IOException {
        Random random = new Random(seed);
        Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), "df_electronics", ".tmp");
        long highly = 0;
        LocalDate epoch = LocalDate.of(1999, 6, 13);
        try (BufferedWriter out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            out.write(HEADER);
            out.write('\n');
            for (long i = 0; i < rows; i++) {
                int r = random.nextInt(100);
                // The original's distribution: mostly 5.0, then 4.0 and 1.0.
                String rating = r < 55 ? "5.0" : r < 75 ? "4.0" : r < 83 ? "3.0" : r < 88 ? "2.0" : "1.0";
                if (rating.equals("4.0") || rating.equals("5.0")) {
                    highly++;
                }
                LocalDate date = epoch.plusDays(random.nextInt(7000));
                long item = random.nextInt(9560);
                long user = (long) (i * 0.9) + random.nextInt(1000);
                StringBuilder row = new StringBuilder(80);
                row.append(item).append(',').append(user).append(',').append(rating).append(',').append(date).append(',')
                        .append(MODEL_ATTRS[random.nextInt(MODEL_ATTRS.length)]).append(',')
                        .append(CATEGORIES[random.nextInt(CATEGORIES.length)]).append(',')
                        .append(BRANDS[random.nextInt(BRANDS.length)]).append(',')
                        .append(date.getYear() - random.nextInt(3)).append(',')
                        .append(USER_ATTRS[random.nextInt(USER_ATTRS.length)]).append(',')
                        .append(random.nextInt(100) < 80 ? 0 : random.nextInt(2) + 1).append('\n');
                out.append(row);
                if ((i + 1) % 10_000 == 0) {
                    progress.accept(10_000);
                }
            }
            progress.accept(rows % 10_000);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return new Summary(rows, highly, Files.size(file));
    }

    /** True when the file's first line is the header (a byte-order mark and surrounding blanks aside). */
    static boolean hasHeader(Path file) throws IOException {
        try (var in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String first = in.readLine();
            return first != null && first.strip().replace("\uFEFF", "").equals(HEADER);
        } catch (java.nio.charset.MalformedInputException notText) {
            return false;
        }
    }

    /** Counts rows and highly rated rows of any file with this header (a downloaded one too). */
    static Summary count(Path file) throws IOException {
        long rows = 0;
        long highly = 0;
        try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
            var it = lines.iterator();
            String header = it.hasNext() ? it.next() : "";
            if (!header.strip().replace("\uFEFF", "").equals(HEADER)) {
                throw new IOException(file + " does not start with the header " + HEADER);
            }
            while (it.hasNext()) {
                String line = it.next();
                if (line.isEmpty()) {
                    continue;
                }
                rows++;
                String rating = field(line, 2);
                if (rating.equals("4.0") || rating.equals("5.0")) {
                    highly++;
                }
            }
        }
        return new Summary(rows, highly, Files.size(file));
    }

    private static String field(String line, int index) {
        int start = 0;
        for (int i = 0; i < index; i++) {
            start = line.indexOf(',', start) + 1;
        }
        int end = line.indexOf(',', start);
        return line.substring(start, end < 0 ? line.length() : end);
    }
}
