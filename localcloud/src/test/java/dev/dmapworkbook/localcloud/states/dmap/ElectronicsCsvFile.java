package dev.dmapworkbook.localcloud.states.dmap;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Random;

/**
 * A deterministic file with the schema of the workshop's {@code df_electronics.csv} (header
 * {@code item_id,user_id,rating,timestamp,model_attr,category,brand,year,user_attr,split}, ratings like
 * {@code 5.0}, empty brand/user_attr fields, a quoted category with a comma now and then).
 */
final class ElectronicsCsvFile {
    static final String HEADER = "item_id,user_id,rating,timestamp,model_attr,category,brand,year,user_attr,split";
    private static final String[] CATEGORIES = {"Portable Audio & Video", "Computers & Accessories", "Camera & Photo",
            "Headphones", "Home Audio", "Television & Video", "Accessories & Supplies", "Car Electronics & GPS",
            "Security & Surveillance", "Wearable Technology", "\"Cables, Adapters\""};
    private static final String[] BRANDS = {"", "", "Bose", "Logitech", "Sony", "Samsung", "Canon", "Nikon", "JVC"};
    private static final String[] MODEL_ATTRS = {"Female", "Male", "Female&Male"};
    private static final String[] USER_ATTRS = {"", "", "", "Female", "Male"};

    /** How many rows, and how many rated 4.0 or 5.0. */
    record Summary(long rows, long highlyRated) {
    }

    private ElectronicsCsvFile() {
    }

    static Summary write(Path file, long rows, long seed) throws IOException {
        Random random = new Random(seed);
        long highly = 0;
        LocalDate epoch = LocalDate.of(1999, 6, 13);
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(HEADER);
            out.write('\n');
            for (long i = 0; i < rows; i++) {
                int r = random.nextInt(100);
                String rating = r < 55 ? "5.0" : r < 75 ? "4.0" : r < 83 ? "3.0" : r < 88 ? "2.0" : "1.0";
                if (r < 75) {
                    highly++;
                }
                LocalDate date = epoch.plusDays(random.nextInt(7000));
                out.write(random.nextInt(9560) + "," + ((long) (i * 0.9) + random.nextInt(1000)) + "," + rating + ","
                        + date + "," + MODEL_ATTRS[random.nextInt(MODEL_ATTRS.length)] + ","
                        + CATEGORIES[random.nextInt(CATEGORIES.length)] + "," + BRANDS[random.nextInt(BRANDS.length)] + ","
                        + (date.getYear() - random.nextInt(3)) + "," + USER_ATTRS[random.nextInt(USER_ATTRS.length)] + ","
                        + (random.nextInt(100) < 80 ? 0 : random.nextInt(2) + 1) + "\n");
            }
        }
        return new Summary(rows, highly);
    }
}
